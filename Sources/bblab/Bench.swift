import ArgumentParser
import Foundation
import LabBench
import LabRuntime

/// `bblab bench`: load against a daemon (or a pair, or two daemons in alternation) with
/// HdrHistogram percentiles. Flags → ``BenchConfiguration`` (validated in LabBench) →
/// ``BenchSession`` (LabRuntime) → tables on stdout, `--json` file.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Closed- or open-loop load against bbd with latency percentiles (docs/lab.md).",
        discussion: """
            By default starts its own daemon (--bbd, default: the bbd next to bblab) with --dev --rate-limit=0, \
            a fresh one per round; --pair starts a pair and loads its primary; --socket loads a running daemon. \
            --vs B runs a second binary in alternation with A and prints the B/A ratios of the medians.
            Operations: snapshot, update, create, increment, modify (begin + complete), mix (60 % snapshot, \
            20 % update, 10 % increment, 5 % create, 5 % modify). Bad flags exit with code 2.
            """)

    @Option(help: "The daemon binary A (default: bbd next to bblab).") var bbd: String?
    @Option(help: "A second daemon binary B, run in alternation with A.") var vs: String?
    @Flag(help: "Start a pair (no fault proxies) and load its primary.") var pair = false
    @Option(help: "Load an already running daemon on this Unix socket instead of starting one.") var socket: String?
    @Option(help: "Comma-separated operations: snapshot,update,create,increment,modify,mix.")
    var operations = "snapshot,update,create,increment,modify,mix"
    @Option(help: "Keep-alive connections.") var connections = 16
    @Option(help: "Open loop: total operations per second (latency from the intended send time); 0 = closed loop.")
    var rate: Double = 0
    @Option(help: "Measured window per operation (10s, 500ms, 2m).") var duration = "10s"
    @Option(help: "Warm-up before each window, not counted.") var warmup = "2s"
    @Option(help: "Stores prepared before the timed phase (per kind: blobs, counters).") var stores = 1000
    @Option(help: "Body bytes of creates, updates, complete-modifies and prepared blobs.") var body = 100
    @Option(help: "Rounds per target and operation (default 1, 3 with --vs); medians across rounds.") var rounds: Int?
    @Option(help: "Event-loop threads of the load generator (nio transport).") var threads = 1
    @Option(
        help: "threads (a blocking thread per connection), nio (event loops), or auto: threads up to 256 connections.")
    var transport = "auto"
    @Option(help: "How long to wait for answers in flight after a window ends.") var drainTimeout = "2s"
    @Option(help: "X-Customer-ID of every request.") var customer = "bench"
    @Option(help: "Write every figure to this JSON file.") var json: String?
    @Flag(help: "No progress on stderr.") var quiet = false

    func run() async throws {
        var arguments = BenchArguments()
        // Absolute: the daemons run in their own working folders.
        func absolute(_ path: String?) -> String? {
            path.map { $0.isEmpty ? $0 : URL(fileURLWithPath: $0).standardizedFileURL.path }
        }
        arguments.daemonPath = absolute(socket == nil ? (bbd ?? DefaultPaths.daemon) : bbd)
        arguments.comparedDaemonPath = absolute(vs)
        arguments.socketPath = socket
        arguments.pair = pair
        arguments.operations = operations
        arguments.connections = connections
        arguments.rate = rate
        arguments.duration = duration
        arguments.warmup = warmup
        arguments.stores = stores
        arguments.bodyBytes = body
        arguments.rounds = rounds
        arguments.threads = threads
        arguments.transport = transport
        arguments.drainTimeout = drainTimeout
        arguments.customer = customer
        let configuration: BenchConfiguration
        switch Result(catching: { () throws(BenchConfigurationError) in try BenchConfiguration(arguments) }) {
        case .success(let valid): configuration = valid
        case .failure(let problem): throw BenchUsageError(message: problem.message)
        }
        if let json,
            !FileManager.default.isWritableFile(atPath: URL(fileURLWithPath: json).deletingLastPathComponent().path)
        {
            throw BenchUsageError(message: "--json \(json): the folder does not exist or is not writable")
        }

        let startedAt = ISO8601DateFormatter().string(from: Date())
        let loadBefore = Self.loadAverage()
        let session = BenchSession(configuration: configuration, progressStyle: quiet ? .quiet : .automatic)
        let results: [BenchRunResult]
        do {
            results = try await session.run()
        } catch {
            throw LabCommandError("\(error)")
        }
        let loadAfter = Self.loadAverage()

        print(Self.heading(configuration, loadBefore: loadBefore, loadAfter: loadAfter))
        print(BenchTable.runs(results))
        let summary = BenchSummaryRow.rows(results)
        if configuration.rounds > 1 || configuration.target.labels.count > 1 {
            print("Medians over \(configuration.rounds) round(s):")
            print(BenchTable.summary(summary))
        }
        let comparison = BenchComparisonRow.rows(summary)
        if !comparison.isEmpty {
            print("B / A (A = \(configuration.target.labels[0]), B = \(configuration.target.labels[1])):")
            print(BenchTable.comparison(comparison))
        }
        if let json {
            let document = BenchReportJSON.render(
                configuration: configuration, results: results,
                context: .init(
                    loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, startedAt: startedAt,
                    host: ProcessInfo.processInfo.hostName))
            do {
                try Data(document.utf8).write(to: URL(fileURLWithPath: json))
            } catch {
                throw LabCommandError("cannot write --json \(json): \(error.localizedDescription)")
            }
        }
    }

    static func heading(_ configuration: BenchConfiguration, loadBefore: [Double]?, loadAfter: [Double]?) -> String {
        var mode = "closed loop"
        if case .openLoop(let rate) = configuration.mode { mode = "open loop at \(BenchNumberFormat.grouped(rate))/s" }
        let targets = configuration.target.labels.enumerated().map {
            "\(BenchTable.targetName($0.offset)) = \($0.element)"
        }
        func load(_ values: [Double]?) -> String {
            values.map { $0.map { BenchNumberFormat.decimal($0, 2) }.joined(separator: " ") } ?? "?"
        }
        return "bblab bench: \(targets.joined(separator: ", ")); \(mode), \(configuration.connections) connections, "
            + "\(BenchDurationSyntax.format(configuration.duration)) per run after "
            + "\(BenchDurationSyntax.format(configuration.warmup)) warm-up, \(configuration.stores) stores of "
            + "\(configuration.bodyBytes) B; load average \(load(loadBefore)) before, \(load(loadAfter)) after\n"
    }

    /// `/proc/loadavg`'s 1, 5 and 15 minute figures.
    static func loadAverage() -> [Double]? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        let values = text.split(separator: " ").prefix(3).compactMap { Double($0) }
        return values.count == 3 ? values : nil
    }
}

/// A flag `bblab bench` refuses: the message, the usage hint, exit code 2 (see `BBLab.main`).
struct BenchUsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
