import Foundation
import LabCheckers
import LabCore
import Testing

@testable import LabScenario

@Suite struct ScenarioParsingTests {
    static let complete = """
        name: demo
        title: A demo
        explain: |
          Two lines
          of explanation.
        pairs: 2
        seed: 7
        daemon_flags: [--memory-limit=64MB]
        duration: 2 windows
        quiet: 500ms
        workloads:
          - counter: {clients: 3, keys: 5, rate: 100}
          - {kind: cart, clients: 2, pair: 2}
          - "register:clients=4"
        steps:
          - at: 1.5s
            fault: partition primary secondary mode=blackhole
            say: Cut.
          - after: promotion
            pair: 2
            wait: 1s
            fault: heal
          - after: previous
            say: Only words.
        expect:
          failover_within: [4.0, 4.5]
          failovers: [1, 2]
          lost_acknowledged: {unexplained: 0, async_window: 50}
          single_primary_after_heal: 2s
          linearizable: true
          dual_primary_at_most: 3s
          verdicts: {epoch-fencing: ok, named-stores: ok or unknown}
        """

    @Test func aCompleteFileParses() throws {
        let scenario = try Scenario.parse(yaml: Self.complete, file: "demo.yaml")
        #expect(scenario.name == "demo" && scenario.title == "A demo" && scenario.pairs == 2 && scenario.seed == 7)
        #expect(scenario.explanation.hasPrefix("Two lines\nof explanation."))
        #expect(scenario.durationSeconds == 8 && scenario.quietSeconds == 0.5)
        #expect(scenario.daemonFlags == ["--memory-limit=64MB"])
        #expect(scenario.workloads.map(\.kind) == [.counter, .cart, .register])
        #expect(scenario.workloads[0].clients == 3 && scenario.workloads[0].rate == 100)
        #expect(scenario.workloads[1].pair == 2)
        #expect(scenario.steps.count == 3)
        #expect(scenario.steps[0].trigger == .at(seconds: 1.5))
        #expect(
            scenario.steps[0].fault
                == FaultRequest(command: .partition(from: "primary", to: "secondary", mode: .blackhole, oneWay: false)))
        #expect(scenario.steps[1].trigger == .after(.promotion(pair: 2), waitSeconds: 1))
        #expect(scenario.steps[2].fault == nil && scenario.steps[2].say == "Only words.")
        #expect(scenario.expectations.count == 8)
        #expect(scenario.expectations.contains(.failoverWithin(4.0...4.5)))
        #expect(scenario.expectations.contains(.lostAcknowledged(["unexplained": 0, "async-window": 50])))
        #expect(scenario.expectations.contains(.verdict(checker: "named-stores", allowed: [.ok, .unknown])))
    }

    @Test func anAuctionWorkloadParses() throws {
        let yaml =
            "duration: 20s\nworkloads:\n  - auction: {bidders: 8, watchers: 300, watch_timeout: 4, rate: 0}\n"
            + "expect:\n  verdicts: {auction: ok}\n"
        let scenario = try Scenario.parse(yaml: yaml, file: "auction.yaml")
        let auction = try #require(scenario.workloads.first)
        #expect(auction.kind == .auction && auction.clients == 8 && auction.watchers == 300)
        #expect(auction.watchTimeoutSeconds == 4 && auction.rate == 0 && auction.keys == 1)
    }

    @Test(arguments: [
        ("duration: 4s\nworkloads: [counter]\nspeed: 3\n", "demo.yaml:3: unknown key \"speed\""),
        ("workloads: [counter]\n", "duration is required"),
        ("duration: 4s\n", "workloads is required"),
        ("duration: soon\nworkloads: [counter]\n", "demo.yaml:1: duration must be a duration"),
        ("duration: 4s\nworkloads: [carts]\n", "unknown workload \"carts\""),
        (
            "duration: 4s\nworkloads:\n  - auction: {bidders: 4, watchers: lots}\n",
            "demo.yaml:3: workload auction: watchers must be an integer in 0...20000 (got \"lots\")"
        ),
        ("duration: 4s\nworkloads:\n  - auction: {keys: 2}\n", "demo.yaml:3: workload auction: keys is not a setting"),
        ("duration: 4s\nworkloads: [counter]\nsteps:\n  - fault: kill primary\n", "needs at (a time) or after"),
        (
            "duration: 4s\nworkloads: [counter]\nsteps:\n  - at: 1s\n    fault: explode node1\n",
            "demo.yaml:5: fault \"explode node1\": unknown fault"
        ),
        ("duration: 4s\nworkloads: [counter]\nsteps:\n  - at: 9s\n    fault: heal\n", "not within the 4.0 s duration"),
        ("duration: 4s\nworkloads: [counter]\nsteps:\n  - at: 1s\n", "needs a fault, something to say, or both"),
        ("duration: 4s\nworkloads: [counter]\nexpect:\n  failover_within: [5, 4]\n", "low must not exceed high"),
        (
            "duration: 4s\nworkloads: [counter]\nexpect:\n  lost_acknowledged: {forgotten: 1}\n",
            "unknown cause \"forgotten\""
        ),
        (
            "duration: 4s\nworkloads: [counter]\nexpect:\n  verdicts: {ttl: fine}\n",
            "verdicts are ok, unknown or violation"
        ),
        ("duration: 4s\nworkloads: [counter:pair=2]\n", "runs on pair 2 but pairs is 1"),
        ("duration: [4s\n", "not valid YAML"),
        ("", "the file is empty"),
        ("- just\n- a list\n", "a scenario must be a mapping"),
        (
            "duration: 4s\nworkloads: [counter]\nsteps:\n  - at: 1s\n    fault: kill node3\n",
            "demo.yaml:4: fault \"kill node3\": no node \"node3\""
        ),
        ("duration: 4s\nworkloads: [counter]\nsteps:\n  - at: 1s\n    fault: kill leader\n", "no node \"leader\""),
        (
            "duration: 4s\npairs: 2\nworkloads: [counter]\nsteps:\n  - at: 1s\n    fault: partition node2 node3\n",
            "in different pairs"
        ),
        (
            "duration: 4s\nworkloads: [counter]\nsteps:\n  - at: 1s\n    fault: kill primary pair=2\n",
            "pair 2 but the scenario has 1 pair(s)"
        ),
    ])
    func problemsNameTheFileAndLine(text: String, expected: String) {
        #expect {
            try Scenario.parse(yaml: text, file: "demo.yaml")
        } throws: { error in
            let message = (error as? ScenarioProblem)?.message ?? ""
            if !message.contains(expected) { print("got: \(message)") }
            return message.contains(expected)
        }
    }

    @Test(arguments: [
        ("4s", 4.0), ("500ms", 0.5), ("1.5", 1.5), ("2 windows", 8.0), ("0.5 window", 2.0), ("0", 0.0),
    ])
    func durations(text: String, seconds: Double) {
        #expect(ScenarioDuration.seconds(text) == seconds)
    }

    @Test(arguments: ["", "-1s", "soon", "4 hours", "1e9"])
    func notDurations(text: String) {
        #expect(ScenarioDuration.seconds(text) == nil)
    }

    /// Every shipped scenario parses and explains itself.
    @Test func theShippedScenariosParse() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }
            .sorted()
        #expect(files.count >= 14)
        var names: Set<String> = []
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            let scenario = try Scenario.parse(yaml: text, file: file)
            #expect(!scenario.explanation.isEmpty, "\(file) explains nothing")
            #expect(!scenario.expectations.isEmpty, "\(file) expects nothing")
            #expect(names.insert(scenario.name).inserted, "\(file): duplicate name \(scenario.name)")
            #expect(ScenarioExplanation.text(scenario).contains(scenario.title))
        }
    }
}

@Suite struct ScenarioReplayTests {
    @Test func firedStepsRunAtTheirTimesAndTheRestAreDropped() throws {
        let scenario = try Scenario.parse(yaml: ScenarioParsingTests.complete, file: "demo.yaml")
        let schedule = """
            {"step":1,"t_ns":7500000000,"workload_s":1.503,"trigger":"at 1.5 s","fault":"partition primary secondary mode=blackhole","summary":"…"}
            {"step":2,"t_ns":12000000000,"workload_s":6.02,"trigger":"1 s after the next promotion in pair 2","fault":"heal","summary":"…"}

            """
        let replay = try scenario.replaying(schedule: Array(schedule.utf8))
        #expect(replay.steps.map(\.trigger) == [.at(seconds: 1.503), .at(seconds: 6.02)])
        #expect(replay.steps.map(\.faultText) == scenario.steps.prefix(2).map(\.faultText))
        #expect(throws: ScenarioProblem.self) { try scenario.replaying(schedule: Array("{\"step\":1}\n".utf8)) }
    }
}
