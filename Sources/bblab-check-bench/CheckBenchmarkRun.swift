import LabCheckers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One benchmark run: generate, check (timed on the monotonic clock), report.
struct CheckBenchmarkRun {
    var configuration: CheckBenchmarkConfiguration

    init(_ configuration: CheckBenchmarkConfiguration) { self.configuration = configuration }

    func run() -> (lines: [String], result: CheckResult) {
        let generator = RegisterHistoryGenerator(
            .init(
                keys: configuration.keys, clientsPerKey: configuration.clients,
                operations: configuration.operations, seed: configuration.seed,
                unknownFraction: Double(configuration.unknownPercent) / 100,
                failFraction: Double(configuration.failPercent) / 100))
        let clock = ContinuousClock()
        let generationStart = clock.now
        let history = generator.history()
        let generation = generationStart.duration(to: clock.now)
        let checker = LinearizabilityChecker(budget: .seconds(configuration.budgetSeconds))
        let recording = RunRecording(nodes: RegisterHistoryGenerator.nodes, history: history)
        let checkStart = clock.now
        let processorStart = Self.processorTime()
        let result = checker.check(recording)
        let checking = checkStart.duration(to: clock.now)
        let processor = Self.processorTime() - processorStart
        var lines = [
            "operations: \(history.count) (\(configuration.operations) + \(configuration.keys) creates)",
            "keys: \(configuration.keys), clients per key: \(configuration.clients), seed: \(configuration.seed),"
                + " unknown: \(configuration.unknownPercent) %, fail: \(configuration.failPercent) %",
            "generation seconds: \(Self.seconds(generation))",
            "check seconds: \(Self.seconds(checking)) (processor time \(Self.seconds(processor)))",
            "verdict: \(result.verdict.rawValue) — \(result.summary)",
        ]
        var seed = configuration.seed
        for _ in 0..<configuration.staleReads {
            seed &+= 1
            guard let injected = RegisterHistoryGenerator.injectingStaleRead(into: history, seed: seed) else {
                continue
            }
            let start = clock.now
            let staleResult = checker.check(
                RunRecording(nodes: RegisterHistoryGenerator.nodes, history: injected.history))
            lines.append(
                "stale read #\(injected.readID): \(staleResult.verdict.rawValue) in "
                    + "\(Self.seconds(start.duration(to: clock.now))) s")
        }
        return (lines, result)
    }

    /// This process's processor time (user and system): unlike the wall clock, it does not grow
    /// when other work shares the cores.
    static func processorTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    /// Seconds with millisecond precision.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        let fraction = String(milliseconds % 1_000)
        return String(milliseconds / 1_000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
