import Foundation
import LabCheckers
import LabCore
import LabRuntime
import LabScenario
import Testing

/// One short scenario end to end against real daemons: parsed, run with narration, judged,
/// reported (report.html with the verdicts, index.html beside it), then replayed from its
/// saved seed and schedule.
// Part of LabClusterTests' serialized suite: runs of real pairs must not overlap each
// other on 2 cores, or their timing expectations measure the machine instead of the daemon.
extension LabClusterTests {
    static let shortCrashScenario = """
        name: short-crash
        title: A short primary crash
        explain: The primary dies; the secondary takes over about 4 s after the last heartbeat.
        duration: 7.5s
        workloads:
          - counter: {clients: 3, keys: 4, rate: 200}
          - cart: {clients: 2, keys: 2, rate: 40}
        steps:
          - at: 1s
            fault: kill primary
            say: The primary is killed.
          - after: promotion
            wait: 0.5s
            fault: restart node1
        expect:
          failovers: 1
          failover_within: [3.5, 6.0]
          lost_acknowledged: {unexplained: 0}
          single_primary_after_heal: 2s
        """

    @Test func aShortScenarioHoldsIsReportedAndReplays() async throws {
        let scenario = try Scenario.parse(yaml: Self.shortCrashScenario, file: "short-crash.yaml")
        let root = LabTest.makeFolder()
        var base = try LabTest.options(folder: root + "/" + scenario.name)
        base.seed = 42
        let lines = LinesSeen()
        let result = await ScenarioRunner.run(
            scenario, source: Self.shortCrashScenario, base: base, narrate: true,
            progress: { line in
                print("scenario run: \(line)")
                lines.append(line)
            })
        #expect(result.failure == nil, "\(result.failure ?? "")")
        #expect(result.verdict == .ok, "\(result.expectations.map { "\($0.expectation.description): \($0.detail)" })")
        #expect(result.expectations.count == 4)
        // Narration: the step's words and the promotion with its reason.
        #expect(lines.all.contains { $0.contains("The primary is killed.") })
        #expect(lines.all.contains { $0.contains("node2 promoted: PRIMARY at epoch 2") })

        let report = try #require(result.report)
        let page = try String(contentsOfFile: report, encoding: .utf8)
        #expect(page.contains("A short primary crash"))
        for checker in ["lost-updates", "failover-timing", "epoch-fencing", "linearizability"] {
            #expect(page.contains(checker), "the report has no verdict of \(checker)")
        }
        #expect(FileManager.default.fileExists(atPath: root + "/index.html"))
        let schedule = try String(contentsOfFile: result.folder + "/" + WorkloadRun.scheduleFile, encoding: .utf8)
        #expect(schedule.split(separator: "\n").count == 2)

        // The replay: same seed, each step at the time it fired.
        let replay = try ScenarioRunner.loadReplay(folder: result.folder)
        #expect(replay.seed == 42)
        #expect(replay.scenario.name == "short-crash-replay")
        let times = replay.scenario.steps.compactMap { step -> Double? in
            if case .at(let seconds) = step.trigger { return seconds }
            return nil
        }
        #expect(times.count == 2 && times[0] >= 1.0 && times[1] > 4.5, "\(times)")
        var replayBase = base
        replayBase.folder = root + "/" + replay.scenario.name
        replayBase.seed = replay.seed ?? 1
        let replayed = await ScenarioRunner.run(
            replay.scenario, source: replay.source, base: replayBase, narrate: false, progress: { _ in })
        #expect(replayed.failure == nil && replayed.verdict == .ok, "\(replayed.expectations.map(\.detail))")
        LabTest.removeFolder(root)
    }
}

/// Narration lines collected from the run's progress callback.
final class LinesSeen: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
