import Foundation
import LabCheckers
import LabCore

/// One `bblab run --workload …`: brings a lab up, runs the workloads for the duration while
/// applying the timed faults, restores the cluster, waits for it to settle, reads everything
/// back, tears the lab down, and leaves a run folder that `bblab check` can judge.
public enum WorkloadRun {
    public struct Outcome: Sendable {
        public var folder: String
        /// Operations by outcome.
        public var counts: [OperationOutcome: Int]
        /// Things that went wrong with the run itself (a fault that could not be applied, a
        /// cluster that did not settle); they do not make the daemon wrong, but the verdicts
        /// may be weaker.
        public var notes: [String]
    }

    public static let historyFile = "history.jsonl"
    public static let parametersFile = "run.json"

    public static func execute(
        _ options: WorkloadRunOptions, progress: @escaping @Sendable (String) -> Void
    ) async throws -> Outcome {
        let cluster = try await LabCluster.start(options.lab)
        let folder = cluster.options.folder
        var notes: [String] = []
        do {
            try writeParameters(options, folder: folder)
            guard let poller = await cluster.statusPoller() else { throw LabError.notRunning("no status poller") }
            let recorder = try HistoryRecorder(path: folder + "/" + historyFile)
            let runner = WorkloadRunner(
                specifications: options.workloads,
                sockets: Dictionary(uniqueKeysWithValues: cluster.topology.nodes.map { ($0.name, $0.socketPath) }),
                directory: LeaderDirectory(topology: cluster.topology, poller: poller), clock: cluster.clock,
                recorder: recorder, seed: options.lab.seed)
            progress("set-up: creating the workloads' stores")
            await runner.setUp()
            let start = cluster.clock.now()
            let durationNanoseconds = options.duration.nanoseconds
            let faultNotes = Task {
                await applyFaults(
                    options.faults, cluster: cluster, start: start, until: start + durationNanoseconds,
                    progress: progress)
            }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    if Task.isCancelled { break }
                    progress(await progressLine(cluster: cluster, recorder: recorder, start: start))
                }
            }
            await runner.run(for: options.duration)
            ticker.cancel()
            faultNotes.cancel()
            notes += await faultNotes.value

            for fault in await cluster.restoreAll() { progress("restore: \(fault.summary)") }
            let settled = await waitUntilSettled(cluster, timeout: options.settleTimeout)
            if let problem = settled {
                notes.append(
                    "the cluster did not settle within \(options.settleTimeout) after restoring it: \(problem)")
                progress("not settled: \(problem)")
            } else {
                try? await Task.sleep(for: options.quietPeriod)
                progress("settled; final reads")
            }
            await runner.finalReads()
            await runner.shutdown()
            recorder.close()
            let counts = recorder.outcomeCounts
            await cluster.shutdown()
            return Outcome(folder: folder, counts: counts, notes: notes)
        } catch {
            await cluster.shutdown()
            throw error
        }
    }

    /// Applies each fault at its time; faults after the workload's end are skipped, with a note.
    private static func applyFaults(
        _ faults: [TimedFault], cluster: LabCluster, start: Int64, until end: Int64,
        progress: @Sendable (String) -> Void
    ) async -> [String] {
        var notes: [String] = []
        for fault in faults.sorted(by: { $0.atNanoseconds < $1.atNanoseconds }) {
            let due = start + fault.atNanoseconds
            guard due < end else {
                notes.append("fault \"\(fault.text)\" is due after the workload ended; not applied")
                continue
            }
            let wait = due - cluster.clock.now()
            if wait > 0 {
                do {
                    try await Task.sleep(for: .nanoseconds(wait))
                } catch {
                    notes.append("fault \"\(fault.text)\" not applied: the run ended first")
                    continue
                }
            }
            do {
                let applied = try await cluster.apply(fault.request)
                progress(
                    String(format: "t=%.2f s fault: %@", Double(applied.timeNanoseconds - start) / 1e9, applied.summary)
                )
            } catch {
                notes.append("fault \"\(fault.text)\" could not be applied: \(error)")
                progress("fault \"\(fault.text)\" could not be applied: \(error)")
            }
        }
        return notes
    }

    /// `nil` once settled; otherwise, at the timeout, what the unsettled nodes report.
    private static func waitUntilSettled(_ cluster: LabCluster, timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let state = await cluster.settledState()
            if state.settled { return nil }
            if ContinuousClock.now >= deadline { return state.detail }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private static func progressLine(cluster: LabCluster, recorder: HistoryRecorder, start: Int64) async -> String {
        let counts = recorder.outcomeCounts
        let samples = await cluster.samples
        let roles = cluster.topology.nodes.map { node -> String in
            guard let sample = samples[node.name], sample.reachable else { return "\(node.name) -" }
            return "\(node.name) \(sample.role)/\(sample.epoch)"
        }.joined(separator: "  ")
        return String(
            format: "t=%.1f s  ok %d  fail %d  unknown %d  |  %@", Double(cluster.clock.now() - start) / 1e9,
            counts[.ok] ?? 0, counts[.fail] ?? 0, counts[.unknown] ?? 0, roles)
    }

    /// `run.json`: what was asked, so the run can be repeated with the same seed.
    private static func writeParameters(_ options: WorkloadRunOptions, folder: String) throws {
        let text = LabJSON.object([
            ("seed", String(options.lab.seed)), ("pairs", String(options.lab.pairs)),
            ("daemon", LabJSON.string(options.lab.daemonPath)),
            ("duration_s", LabJSON.number(Double(options.duration.nanoseconds) / 1e9)),
            ("workloads", LabJSON.array(options.workloads.map { LabJSON.string($0.description) })),
            ("faults", LabJSON.array(options.faults.map { LabJSON.string($0.text) })),
            ("daemon_flags", LabJSON.array(options.lab.extraDaemonFlags.map(LabJSON.string))),
        ])
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/" + parametersFile))
    }
}
