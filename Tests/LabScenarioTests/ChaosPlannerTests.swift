import LabCore
import Testing

@testable import LabScenario

@Suite struct ChaosPlannerTests {
    static let everyKind = ChaosSettings(startSeconds: 5, gapSeconds: 0...10, holdSeconds: 1...8)

    @Test func theSameSeedDrawsTheSamePlan() {
        let first = ChaosPlanner.plan(Self.everyKind, pairs: 2, durationSeconds: 600, seed: 42)
        let second = ChaosPlanner.plan(Self.everyKind, pairs: 2, durationSeconds: 600, seed: 42)
        let other = ChaosPlanner.plan(Self.everyKind, pairs: 2, durationSeconds: 600, seed: 43)
        #expect(first == second)
        #expect(first.faults.count > 20)
        #expect(first.faults != other.faults)
        #expect(first.steps == second.steps)
    }

    /// The one rule the file cannot see being broken: never both nodes of a pair down (killed,
    /// paused or restarting, until recovered) at once, over many seeds, with and without overlap.
    @Test(arguments: [false, true])
    func neverBothNodesDownAtOnce(overlap: Bool) {
        var settings = Self.everyKind
        settings.overlap = overlap
        settings.kinds = [.kill, .pause, .restart, .promote, .partition, .delay]
        var downFaults = 0
        for seed in UInt64(0)..<300 {
            let pairs = Int(seed % 2) + 1
            let plan = ChaosPlanner.plan(settings, pairs: pairs, durationSeconds: 400, seed: seed)
            downFaults += plan.faults.filter { $0.downNode != nil }.count
            for pair in 1...pairs {
                #expect(plan.mostNodesDownAtOnce(pair: pair) <= 1, "seed \(seed), pair \(pair)")
            }
        }
        #expect(downFaults > 1000)
    }

    /// The check above can fail: with both_down allowed and overlapping faults, some seed takes
    /// both nodes down.
    @Test func bothDownHappensWhenAllowed() {
        let settings = ChaosSettings(
            startSeconds: 1, gapSeconds: 0...1, holdSeconds: 5...10, kinds: [.kill, .pause], overlap: true,
            allowsBothDown: true)
        let most = (UInt64(0)..<50).map {
            ChaosPlanner.plan(settings, pairs: 1, durationSeconds: 200, seed: $0).mostNodesDownAtOnce(pair: 1)
        }.max()
        #expect(most == 2)
    }

    /// Every fault is healed and recovered before the workload ends, network faults never
    /// overlap (`heal` removes them all), and every fault and heal parses as a step.
    @Test(arguments: [false, true])
    func faultsFitAndNetworkFaultsNeverOverlap(overlap: Bool) {
        var settings = Self.everyKind
        settings.overlap = overlap
        for seed in UInt64(0)..<100 {
            let plan = ChaosPlanner.plan(settings, pairs: 2, durationSeconds: 300, seed: seed)
            var networkBusyUntil = 0.0
            for fault in plan.faults {
                #expect(fault.recoveredSeconds <= 300)
                #expect(fault.startSeconds >= 5)
                #expect((fault.healSeconds == nil) == fault.kind.healsItself)
                if fault.kind.isNetworkFault {
                    #expect(fault.startSeconds >= networkBusyUntil, "seed \(seed): fault \(fault.number)")
                    networkBusyUntil = fault.endSeconds
                }
            }
            let steps = plan.steps
            #expect(steps.count == plan.faults.count + plan.faults.filter { $0.healSeconds != nil }.count)
            #expect(steps.allSatisfy { $0.fault != nil })
            let times = steps.map { step -> Double in
                if case .at(let seconds) = step.trigger { return seconds }
                return -1
            }
            #expect(times == times.sorted())
        }
    }

    @Test func withoutOverlapOneFaultAtATime() {
        let plan = ChaosPlanner.plan(Self.everyKind, pairs: 1, durationSeconds: 900, seed: 7)
        for (earlier, later) in zip(plan.faults, plan.faults.dropFirst()) {
            #expect(later.startSeconds >= earlier.endSeconds)
        }
        // Every kind of the vocabulary shows up in a long plan.
        #expect(Set(plan.faults.map(\.kind)) == Set(ChaosFaultKind.allCases))
    }

    @Test func healsUndoTheirFaults() {
        let plan = ChaosPlanner.plan(Self.everyKind, pairs: 1, durationSeconds: 900, seed: 7)
        for fault in plan.faults {
            switch fault.kind {
            case .kill: #expect(fault.healText == "restart \(fault.downNode ?? "?")")
            case .pause: #expect(fault.healText == "resume \(fault.downNode ?? "?")")
            case .skew: #expect(fault.healText?.hasSuffix("seconds=0") == true)
            case .restart, .promote: #expect(fault.healText == nil)
            default: #expect(fault.healText == "heal")
            }
        }
    }
}

@Suite struct ChaosSectionTests {
    static func scenario(chaos: String, duration: String = "60s") -> String {
        """
        name: chaotic
        title: Chaos
        explain: Random faults.
        duration: \(duration)
        workloads:
          - counter: {clients: 2}
        chaos:
        \(chaos)
        expect:
          lost_acknowledged: {unexplained: 0}
        """
    }

    @Test func aChaosSectionParses() throws {
        let text = Self.scenario(
            chaos: """
                  seed: 9
                  start: 2s
                  gap: [1s, 3s]
                  hold: 4s
                  faults: [kill, kill, one-way-partition]
                  overlap: true
                  both_down: true
                """)
        let scenario = try Scenario.parse(yaml: text, file: "chaotic.yaml")
        let chaos = try #require(scenario.chaos)
        #expect(chaos.seed == 9 && chaos.startSeconds == 2 && chaos.gapSeconds == 1...3 && chaos.holdSeconds == 4...4)
        #expect(chaos.kinds == [.kill, .kill, .oneWayPartition] && chaos.overlap && chaos.allowsBothDown)
        // The section's seed wins over the run's.
        #expect(scenario.chaosPlan(runSeed: 1) == scenario.chaosPlan(runSeed: 2))
        #expect(ScenarioExplanation.text(scenario).contains("Chaos (random faults from seed 9)"))
    }

    @Test(arguments: [
        ("  colour: red", "chaotic.yaml:8: unknown chaos key \"colour\""),
        ("  faults: [kill, explode]", "chaotic.yaml:8: chaos.faults: unknown fault \"explode\""),
        ("  faults: []", "chaotic.yaml:8: chaos.faults must be a non-empty list"),
        ("  hold: [5s, 2s]", "chaotic.yaml:8: chaos.hold: low must not exceed high"),
        ("  hold: 0s", "chaotic.yaml:8: chaos.hold must be longer than 0 s"),
        ("  gap: [1s, 2s, 3s]", "chaotic.yaml:8: chaos.gap must be [low, high]"),
        ("  both_down: true", "chaotic.yaml:8: chaos.both_down: true needs overlap: true"),
        ("  start: 70s", "chaotic.yaml:8: chaos: start 70 s is not within the 60 s duration"),
        ("  hold: [2s, 60s]", "chaotic.yaml:8: chaos: start + the longest hold"),
    ])
    func badChaosSettingsNameTheirLine(chaos: String, message: String) {
        #expect {
            try Scenario.parse(yaml: Self.scenario(chaos: chaos), file: "chaotic.yaml")
        } throws: { error in
            (error as? ScenarioProblem)?.message.hasPrefix(message) == true
        }
    }

    /// A replay numbers steps as the run did (the file's, then the plan's), rebuilds the
    /// plan's from the recorded words, and keeps only what fired, as `at:` steps in time order,
    /// without the chaos section.
    @Test func aReplayTurnsTheFiredPlanIntoSteps() throws {
        var scenario = try Scenario.parse(
            yaml: Self.scenario(chaos: "  faults: [kill]\n  gap: [1s, 2s]\n  hold: 2s"), file: "chaotic.yaml")
        scenario.steps = [ScenarioStep(trigger: .at(seconds: 30), say: "Half way.")]
        let all = scenario.allSteps(runSeed: 4)
        #expect(all.count >= 4 && all[1].faultText?.hasPrefix("kill node") == true)
        let schedule = """
            {"step":1,"workload_s":30.01,"say":"Half way."}
            {"step":2,"workload_s":5.2,"fault":"\(all[1].faultText ?? "")","say":"chaos 1"}
            {"step":3,"workload_s":7.3,"fault":"\(all[2].faultText ?? "")"}

            """
        let replay = try scenario.replaying(schedule: Array(schedule.utf8))
        #expect(replay.chaos == nil)
        #expect(replay.steps.map(\.trigger) == [.at(seconds: 5.2), .at(seconds: 7.3), .at(seconds: 30.01)])
        #expect(replay.steps.map(\.faultText) == [all[1].faultText, all[2].faultText, nil])
        #expect(replay.steps.map(\.fault) == [all[1].fault, all[2].fault, nil])
        #expect(replay.steps[0].say == "chaos 1" && replay.steps[2].say == "Half way.")
        #expect(throws: ScenarioProblem.self) {
            try scenario.replaying(schedule: Array("{\"step\":9,\"workload_s\":1}\n".utf8))
        }
    }

    @Test func durationsInMinutes() {
        #expect(ScenarioDuration.seconds("3m") == 180)
        #expect(ScenarioDuration.seconds("30min") == 1800)
        #expect(ScenarioDuration.seconds("250ms") == 0.25)
    }
}
