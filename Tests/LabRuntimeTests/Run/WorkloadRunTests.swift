import Foundation
import LabCheckers
import LabCore
import LabRuntime
import LabScenario
import Testing

/// `bblab run` end to end against real daemons: workloads, a kill -9 of the primary, the
/// restore, the final reads, and a run folder the checkers can read back.
// Part of LabClusterTests' serialized suite: runs of real pairs must not overlap each
// other on 2 cores, or their timing expectations measure the machine instead of the daemon.
extension LabClusterTests {
    @Test func killOfThePrimaryLeavesACheckableRunFolder() async throws {
        let folder = LabTest.makeFolder()
        var options = WorkloadRunOptions(
            lab: try LabTest.options(folder: folder),
            workloads: [
                WorkloadSpecification(kind: .counter, clients: 4, keys: 4, rate: 300),
                WorkloadSpecification(kind: .cart, clients: 2, keys: 2, rate: 60),
                WorkloadSpecification(kind: .register, clients: 3, keys: 3, rate: 100),
            ],
            duration: .seconds(7.5), steps: [ScenarioStep(try TimedFault.parse("1.5: kill primary"))])
        options.settleTimeout = .seconds(15)
        let outcome = try await WorkloadRun.execute(options, progress: { print("workload run: \($0)") })
        #expect(outcome.notes.isEmpty, "\(outcome.notes)")
        for file in ["history.jsonl", "status.jsonl", "journal.jsonl", "faults.jsonl", "lab.json", "run.json"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file) missing")
        }
        let recording = try RunFolderCheck.recording(folder: folder)
        let history = recording.history
        #expect(outcome.counts[.ok] ?? 0 > 0, "\(outcome.counts)")
        #expect(history.count == outcome.counts.values.reduce(0, +))
        // Ids follow invocation order.
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.invokeNanoseconds <= $1.invokeNanoseconds })

        // The kill, the restart at the end, and node2 leading at epoch 2 in between.
        #expect(recording.faults.map(\.summary).first == "kill -9 node1")
        #expect(recording.faults.contains { $0.summary.hasPrefix("restarted node1") })
        let timeline = LeadershipTimeline(recording: recording)
        let promotion = try #require(timeline.promotions(inPair: 1).first, "no promotion in the timeline")
        #expect(promotion.node == "node2" && promotion.epoch == 2)
        let kill = recording.faults[0].timeNanoseconds
        let detection = Double(promotion.startNanoseconds - kill) / 1e9
        print("workload run: node2 promoted \(detection) s after the kill")
        #expect((3.5...6.0).contains(detection))

        // Writes were acknowledged on both sides of the failover.
        let writes = history.filter { $0.kind.isWrite && $0.outcome == .ok && $0.workload != "final" }
        #expect(writes.contains { $0.node == "node1" && $0.completeNanoseconds < kill })
        #expect(writes.contains { $0.node == "node2" && $0.invokeNanoseconds > promotion.startNanoseconds })
        // Every object was read back once the pair settled.
        let finals = history.filter { $0.workload == "final" }
        #expect(finals.count == 4 + 2 + 3, "\(finals.map(\.key))")
        #expect(finals.allSatisfy { $0.outcome == .ok }, "\(finals.filter { $0.outcome != .ok })")

        // The checkers: every loss is inside the asynchronous window of the one failover.
        let results = try RunFolderCheck.check(folder: folder, checkers: RunFolderCheck.standardCheckers)
        let report = CheckReport(results: results)
        print(report.renderText(maximumEvidence: 3))
        let lost = try #require(report.result("lost-updates"))
        #expect(lost.verdict == .ok, "\(lost.summary)")
        #expect(lost.figure("lost.unexplained") == 0)
        #expect(lost.figure("lost.split-brain") == 0)
        let timing = try #require(report.result("failover-timing"))
        #expect(timing.figure("failover.count") == 1)
        #expect(timing.verdict == .ok, "\(timing.summary)")
        for checker in ["epoch-fencing", "lock-exclusion", "no-resurrection", "ttl"] {
            #expect(
                report.result(checker)?.verdict == .ok, "\(checker): \(report.result(checker)?.summary ?? "missing")")
        }
        LabTest.removeFolder(folder)
    }

    /// The other workloads on a quiet pair: every checker must find nothing wrong, and the
    /// history must hold their operations (sessions expire, names race, locks are taken).
    @Test func sessionNamedAndReadModifyWriteWorkloadsOnAQuietPair() async throws {
        let folder = LabTest.makeFolder()
        var options = WorkloadRunOptions(
            lab: try LabTest.options(folder: folder),
            workloads: [
                WorkloadSpecification(kind: .session, clients: 3, keys: 9, rate: 150, timeToLiveSeconds: 1),
                WorkloadSpecification(kind: .named, clients: 3, keys: 3, rate: 100, target: .any),
                WorkloadSpecification(kind: .counterReadModifyWrite, clients: 3, keys: 2, rate: 100),
            ],
            duration: .seconds(4))
        options.settleTimeout = .seconds(10)
        let outcome = try await WorkloadRun.execute(options, progress: { print("workload run: \($0)") })
        #expect(outcome.notes.isEmpty, "\(outcome.notes)")
        let recording = try RunFolderCheck.recording(folder: folder)
        let kinds = Set(recording.history.filter { $0.outcome == .ok }.map(\.kind))
        for kind in [
            OperationKind.create, .snapshot, .update, .delete, .createByName, .lookupByName, .beginModify,
            .completeModify,
        ] {
            #expect(kinds.contains(kind), "no acknowledged \(kind.rawValue)")
        }
        // Some sessions outlived their 1 s TTL: reads found them gone.
        #expect(recording.history.contains { $0.workload == "session" && $0.status == 410 || $0.status == 404 })
        let report = CheckReport(
            results: try RunFolderCheck.check(folder: folder, checkers: RunFolderCheck.standardCheckers))
        print(report.renderText(maximumEvidence: 3))
        for result in report.results {
            #expect(result.verdict == .ok, "\(result.checker): \(result.summary)")
        }
        LabTest.removeFolder(folder)
    }
}
