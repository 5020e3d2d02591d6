import ArgumentParser
import Foundation
import LabCore
import LabRuntime

/// How many operations per second the workload runner sustains from one process, measured
/// against any socket (a release `bbd`, or `udsecho`, which answers at once, to see the
/// runner's own ceiling). The history is recorded as in a real run.
struct RunnerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runner-benchmark",
        abstract: "Measure the workload runner's throughput against one Unix socket (docs/performance.md).")

    @Option(help: "The Unix socket to load.") var socket: String
    @Option(help: "The workload.") var workload = "register:clients=64,keys=1000,rate=0"
    @Option(help: "Seconds.") var duration: Double = 10
    @Option(help: "Where to record the history (default: none kept).") var history: String?

    func run() async throws {
        let specification: WorkloadSpecification
        do {
            specification = try WorkloadSpecification.parse(workload)
        } catch {
            throw ValidationError("\(error)")
        }
        let recorder = try HistoryRecorder(path: history)
        let runner = WorkloadRunner(
            specifications: [specification], sockets: ["node1": socket],
            directory: LeaderDirectory(nodesByPair: [specification.pair: ["node1"]], poller: nil), clock: LabClock(),
            recorder: recorder, seed: 1)
        await runner.setUp()
        let before = ProcessInfo.processInfo.systemUptime
        let cpuBefore = Self.processCPUSeconds()
        await runner.run(for: .nanoseconds(Int64(duration * 1e9)))
        let elapsed = ProcessInfo.processInfo.systemUptime - before
        let cpu = Self.processCPUSeconds() - cpuBefore
        await runner.shutdown()
        recorder.close()
        let counts = recorder.outcomeCounts
        let total = counts.values.reduce(0, +)
        print(
            String(
                format:
                    "%@: %d operations in %.2f s = %.0f ops/s (ok %d, fail %d, unknown %d); runner CPU %.2f s = %.2f cores",
                specification.description, total, elapsed, Double(total) / elapsed, counts[.ok] ?? 0,
                counts[.fail] ?? 0, counts[.unknown] ?? 0, cpu, cpu / elapsed))
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
