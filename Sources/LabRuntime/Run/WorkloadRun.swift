import Foundation
import NIOPosix
import LabCheckers
import LabCore
import LabScenario

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
        /// When the final restore began (lab clock): `single_primary_after_heal` counts from here.
        public var restoreNanoseconds: Int64
    }

    public static let historyFile = "history.jsonl"
    public static let parametersFile = "run.json"
    public static let scheduleFile = "schedule.jsonl"

    public static func execute(
        _ options: WorkloadRunOptions, progress: @escaping @Sendable (String) -> Void
    ) async throws -> Outcome {
        // NIO's shared event loops and the concurrency runtime's timers (a timerfd) open their
        // descriptors once per process, at first use: warm them before counting, so only what
        // this run leaves open counts as leaked.
        _ = MultiThreadedEventLoopGroup.singleton.next()
        try? await Task.sleep(for: .milliseconds(1))
        let labBefore = ProcessCensus.ofThisProcess()
        let cluster = try await LabCluster.start(options.lab)
        let folder = cluster.options.folder
        var notes: [String] = []
        let resources = ResourceSampler(folder: folder)
        let auditsOwnProcess = options.lab.auditsOwnProcess
        if auditsOwnProcess { resources.recordLab(phase: "before", census: labBefore, at: 0) }
        let sampling = Task { await resources.run(cluster, every: ResourceSampler.interval(for: options.duration)) }
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
            let end = start + options.duration.nanoseconds
            let narrator = StatusNarrator(
                poller: poller, nodes: cluster.topology.nodes.map(\.name), clock: cluster.clock, origin: start,
                output: progress)
            let narration = options.narrate ? Task { await narrator.watch() } : nil
            let narrate = options.narrate
            let scheduler = StepScheduler(cluster: cluster, start: start, end: end) { time, text in
                if narrate || text.hasPrefix("fault: ") { narrator.say(text, at: time) }
            }
            let steps = options.steps
            let chaosSteps = options.chaosSteps
            resources.recordWorkload(phase: "start", at: start)
            let schedule = Task { await scheduler.run(steps) }
            // Chaos faults run on their own timeline beside the file's steps, numbered after them.
            let chaosSchedule = Task { await scheduler.run(chaosSteps, numberedFrom: steps.count) }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    if Task.isCancelled { break }
                    if !narrate { progress(await progressLine(cluster: cluster, recorder: recorder, start: start)) }
                }
            }
            if !(await runner.run(for: options.duration, graceAfterDeadline: .seconds(15))) {
                notes.append(
                    "some workload clients were still waiting for an answer 15 s after the workload's end; "
                        + "they were cut off (their operations are not in the history)")
            }
            ticker.cancel()
            resources.recordWorkload(phase: "end", at: cluster.clock.now())
            schedule.cancel()
            chaosSchedule.cancel()
            let (fileFired, scheduleNotes) = await schedule.value
            let (chaosFired, chaosNotes) = await chaosSchedule.value
            notes += scheduleNotes + chaosNotes
            let fired = (fileFired + chaosFired).sorted {
                ($0.timeNanoseconds, $0.index) < ($1.timeNanoseconds, $1.index)
            }
            let scheduleText = fired.map { StepScheduler.jsonLine($0, start: start) + "\n" }.joined()
            try? Data(scheduleText.utf8).write(to: URL(fileURLWithPath: folder + "/" + scheduleFile))

            let restore = cluster.clock.now()
            for fault in await cluster.restoreAll() {
                narrator.say("restore: \(fault.summary)", at: fault.timeNanoseconds)
            }
            let settled = await waitUntilSettled(cluster, timeout: options.settleTimeout)
            if let problem = settled {
                notes.append(
                    "the cluster did not settle within \(options.settleTimeout) after restoring it: \(problem)")
                progress("not settled: \(problem)")
            } else {
                try? await Task.sleep(for: options.quietPeriod)
                progress("settled; final reads")
            }
            narration?.cancel()
            if !(await runner.finalReads(within: .seconds(40))) {
                notes.append("the final reads did not finish within 40 s; the missing ones count as not read")
            }
            await runner.shutdown()
            recorder.close()
            let counts = recorder.outcomeCounts
            sampling.cancel()
            await sampling.value
            await resources.sample(cluster)
            await cluster.shutdown()
            if auditsOwnProcess {
                // The sampler's own file is still open to take this line.
                let labAfter = await ResourceSampler.censusAfterTeardown(notAbove: labBefore).excluding {
                    $0.hasSuffix("/" + ResourceSampler.file)
                }
                resources.recordLab(
                    phase: "after", census: labAfter, at: cluster.clock.now(),
                    added: labAfter.descriptorsAdded(since: labBefore))
            }
            resources.close()
            try? writeParameters(options, folder: folder, restoreNanoseconds: restore, workloadStartNanoseconds: start)
            return Outcome(folder: folder, counts: counts, notes: notes, restoreNanoseconds: restore)
        } catch {
            sampling.cancel()
            await cluster.shutdown()
            resources.close()
            throw error
        }
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
    private static func writeParameters(
        _ options: WorkloadRunOptions, folder: String, restoreNanoseconds: Int64? = nil,
        workloadStartNanoseconds: Int64? = nil
    ) throws {
        var members: [(String, String)] = [
            ("seed", String(options.lab.seed)), ("pairs", String(options.lab.pairs)),
            ("daemon", LabJSON.string(options.lab.daemonPath)),
            ("duration_s", LabJSON.number(Double(options.duration.nanoseconds) / 1e9)),
            ("workloads", LabJSON.array(options.workloads.map { LabJSON.string($0.description) })),
            (
                "steps",
                LabJSON.array(
                    options.steps.map { LabJSON.string($0.triggerDescription + ($0.faultText.map { ": " + $0 } ?? "")) }
                )
            ),
            ("daemon_flags", LabJSON.array(options.lab.extraDaemonFlags.map(LabJSON.string))),
        ]
        if let name = options.scenarioName { members.append(("scenario", LabJSON.string(name))) }
        if let start = workloadStartNanoseconds { members.append(("workload_start_ns", String(start))) }
        if let restore = restoreNanoseconds { members.append(("restore_ns", String(restore))) }
        let text = LabJSON.object(members)
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/" + parametersFile))
    }
}
