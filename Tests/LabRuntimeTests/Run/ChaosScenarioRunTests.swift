import Foundation
import LabCheckers
import LabCore
import LabRuntime
import LabScenario
import Testing

/// The shipped soak, short: `Scenarios/soak.yaml` with its workloads and expectations, 30 s
/// instead of 30 minutes and a denser chaos plan, against real daemons. Every drawn fault and
/// heal fires and lands in `schedule.jsonl`; the resources checker sees no crash;
/// the replay turns the plan into the steps that fired.
// Part of LabClusterTests' serialized suite (real pairs must not overlap on 2 cores).
extension LabClusterTests {
    @Test func theSoakRunsShortWithChaosAndReplays() async throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios/soak.yaml").path
        let source = try String(contentsOfFile: path, encoding: .utf8)
        var scenario = try Scenario.parse(yaml: source, file: path)
        scenario.durationSeconds = 20
        scenario.chaos?.startSeconds = 2
        scenario.chaos?.gapSeconds = 0.5...2
        scenario.chaos?.holdSeconds = 1...3
        scenario.chaos?.kinds = [.kill, .pause, .partition, .delay, .skew, .promote]
        try scenario.validateChaos(file: path)
        let seed: UInt64 = 3
        let plan = try #require(scenario.chaosPlan(runSeed: seed))
        #expect(plan.faults.count >= 2, "\(plan.faults.map(\.faultText))")

        let root = LabTest.makeFolder()
        var base = try LabTest.options(folder: root + "/" + scenario.name)
        base.seed = seed
        let result = await ScenarioRunner.run(
            scenario, source: source, base: base, narrate: false, progress: { print("soak: \($0)") })
        #expect(result.failure == nil, "\(result.failure ?? "")")
        #expect(result.verdict == .ok, "\(result.expectations.map { "\($0.expectation.description): \($0.detail)" })")
        let resources = try #require(result.checks.first { $0.checker == "resources" })
        #expect(resources.verdict == .ok, "\(resources.summary)")
        #expect(resources.figure("daemons.unexpected-exits") == 0)
        // The lab's own census is off in a test process shared with other tests.
        #expect(resources.figure("lab.fds-after") == nil)

        // Every fault and heal of the plan fired, numbered after the file's (no) steps.
        let schedule = try String(contentsOfFile: result.folder + "/" + WorkloadRun.scheduleFile, encoding: .utf8)
        let fired = schedule.split(separator: "\n")
        #expect(fired.count == plan.steps.count, "\(schedule)")
        for step in plan.steps {
            #expect(schedule.contains("\"fault\":\"\(step.faultText ?? "")\""), "\(step.faultText ?? "")")
        }
        #expect(!result.notes.contains { $0.contains("could not be applied") }, "\(result.notes)")

        // --replay: the saved file with the duration that ran and the same seed gives the same
        // plan; its fired steps come back as `at:` steps, the chaos section gone.
        let replay = try ScenarioRunner.loadReplay(folder: result.folder)
        #expect(replay.seed == seed)
        #expect(replay.scenario.chaos == nil)
        #expect(replay.scenario.steps.count == plan.steps.count)
        LabTest.removeFolder(root)
    }
}
