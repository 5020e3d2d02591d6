import ArgumentParser
import Foundation
import LabCheckers
import LabCore
import LabRuntime

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run workloads against a fresh lab, with faults on the way, and check the history.",
        discussion: """
            Workloads: KIND[:key=value,…] with KIND one of \(WorkloadKind.allCases.map(\.rawValue).joined(separator: ", ")),
            keys clients, keys, rate (operations/s, 0 = closed loop), pair, ttl (s), target (primary|any).
            Faults: 'AT: KIND [ARGS] [key=value…]', AT in seconds from the start of the workload, e.g.
              --fault '3: kill primary'   --fault '2: partition primary secondary mode=blackhole'
              --fault '1: drop primary->secondary classes=replicate probability=0.3'   --fault '8: heal'
            At the end every network fault is healed, paused nodes resumed and dead nodes restarted;
            once each pair settles, every object is read back. Exit status: 0 when no checker finds
            a violation, 1 when one does, 2 when the run itself failed.
            """)

    @Option(name: .customLong("workload"), help: "A workload (repeatable).") var workloads: [String] = []
    @Option(help: "Seconds of workload.") var duration: Double = 10
    @Option(name: .customLong("fault"), help: "A timed fault (repeatable).") var faults: [String] = []
    @Option(help: "Number of pairs (1-16).") var pairs = 1
    @Option(help: "The daemon binary (default: bbd next to bblab).") var bbd: String?
    @Option(help: "Run folder (default: runs/run-<time>; runs/latest points at it).") var out: String?
    @Option(help: "Seed for every random choice (workload clients and proxies).") var seed: UInt64 = 1
    @Option(name: .customLong("daemon-flag"), help: "An extra flag for every daemon (repeatable).")
    var daemonFlags: [String] = []
    @Flag(help: "Do not capture packets.") var noCapture = false

    func validate() throws {
        guard !workloads.isEmpty else {
            throw ValidationError("give at least one --workload (e.g. --workload counter)")
        }
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be 0 < seconds ≤ 3600") }
        guard (1...16).contains(pairs) else { throw ValidationError("--pairs must be 1-16") }
        for text in workloads {
            do {
                let specification = try WorkloadSpecification.parse(text)
                guard specification.pair <= pairs else {
                    throw ValidationError("workload \(text): pair \(specification.pair) but --pairs is \(pairs)")
                }
            } catch let problem as WorkloadSpecification.Problem {
                throw ValidationError(problem.message)
            }
        }
        for text in faults {
            do {
                _ = try TimedFault.parse(text)
            } catch let problem as FaultRequest.Problem {
                throw ValidationError(problem.message)
            }
        }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: out ?? DefaultPaths.newRunFolder(prefix: "run")).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        DefaultPaths.linkLatest(to: folder)
        var lab = LabOptions(folder: folder, daemonPath: bbd ?? DefaultPaths.daemon)
        lab.pairs = pairs
        lab.seed = seed
        lab.extraDaemonFlags = daemonFlags
        lab.capturePackets = !noCapture
        var options = WorkloadRunOptions(
            lab: lab, workloads: try workloads.map { try WorkloadSpecification.parse($0) },
            duration: .nanoseconds(Int64(duration * 1e9)), faults: try faults.map { try TimedFault.parse($0) })
        options.settleTimeout = .seconds(20)
        let outcome: WorkloadRun.Outcome
        do {
            outcome = try await WorkloadRun.execute(options, progress: { print($0) })
        } catch {
            print("Error: the run failed: \(error)")
            throw ExitCode(2)
        }
        for note in outcome.notes { print("note: \(note)") }
        let counts = outcome.counts
        print(
            "history: \(counts[.ok] ?? 0) ok, \(counts[.fail] ?? 0) failed, \(counts[.unknown] ?? 0) unknown → \(outcome.folder)/\(WorkloadRun.historyFile)"
        )
        throw ExitCode(try CheckCommandOutput.checkAndPrint(folder: outcome.folder))
    }
}
