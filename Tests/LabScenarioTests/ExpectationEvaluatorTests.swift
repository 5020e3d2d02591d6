import LabCheckers
import Testing

@testable import LabScenario

@Suite struct ExpectationEvaluatorTests {
    static let nodes = [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)]

    static func evaluator(_ results: [CheckResult], status: [StatusObservation] = [], restore: Int64? = nil)
        -> ExpectationEvaluator
    {
        ExpectationEvaluator(
            results: results, recording: RunRecording(nodes: nodes, history: [], status: status),
            restoreNanoseconds: restore)
    }

    static let timing = CheckResult(
        checker: "failover-timing", verdict: .ok, summary: "",
        figures: [CheckFigure("failover.count", 1), CheckFigure("failover.1.promotion-seconds", 4.07)])

    @Test func failoverWindowAndCount() {
        let evaluator = Self.evaluator([Self.timing])
        #expect(evaluator.evaluate([.failoverWithin(4.0...4.5)]).first?.verdict == .ok)
        #expect(evaluator.evaluate([.failoverWithin(4.1...4.5)]).first?.verdict == .violation)
        #expect(evaluator.evaluate([.failovers(1...1)]).first?.verdict == .ok)
        #expect(evaluator.evaluate([.failovers(0...0)]).first?.verdict == .violation)
        let none = CheckResult(
            checker: "failover-timing", verdict: .ok, summary: "", figures: [CheckFigure("failover.count", 0)])
        #expect(Self.evaluator([none]).evaluate([.failoverWithin(4.0...4.5)]).first?.verdict == .unknown)
        #expect(Self.evaluator([]).evaluate([.failoverWithin(4.0...4.5)]).first?.verdict == .unknown)
    }

    @Test func lossBounds() {
        let lost = CheckResult(
            checker: "lost-updates", verdict: .ok, summary: "",
            figures: [
                CheckFigure("lost.unexplained", 0), CheckFigure("lost.async-window", 12), CheckFigure("lost.total", 12),
            ])
        let evaluator = Self.evaluator([lost])
        #expect(evaluator.evaluate([.lostAcknowledged(["unexplained": 0])]).first?.verdict == .ok)
        #expect(evaluator.evaluate([.lostAcknowledged(["async-window": 10])]).first?.verdict == .violation)
        #expect(evaluator.evaluate([.lostAcknowledged(["split-brain": 0])]).first?.verdict == .unknown)
    }

    @Test func verdictsAndLinearizability() {
        let linear = CheckResult(checker: "linearizability", verdict: .unknown, summary: "budget spent")
        let fencing = CheckResult(
            checker: "epoch-fencing", verdict: .ok, summary: "", figures: [CheckFigure("dual-primary.max-seconds", 2.2)]
        )
        let evaluator = Self.evaluator([linear, fencing])
        #expect(evaluator.evaluate([.linearizable(true)]).first?.verdict == .unknown)
        #expect(evaluator.evaluate([.verdict(checker: "epoch-fencing", allowed: [.ok])]).first?.verdict == .ok)
        #expect(
            evaluator.evaluate([.verdict(checker: "epoch-fencing", allowed: [.violation])]).first?.verdict == .violation
        )
        #expect(evaluator.evaluate([.dualPrimaryAtMost(seconds: 3)]).first?.verdict == .ok)
        #expect(evaluator.evaluate([.dualPrimaryAtMost(seconds: 2)]).first?.verdict == .violation)
    }

    @Test func singlePrimaryAfterHealCountsFromTheRestore() {
        let second: Int64 = 1_000_000_000
        var status: [StatusObservation] = []
        for step in 0..<40 {
            let time = Int64(step) * 50_000_000
            // Both PRIMARY until 1.3 s, then node1 steps down.
            status.append(
                StatusObservation(
                    timeNanoseconds: time, node: "node1", role: time < 1_300_000_000 ? "PRIMARY" : "JOINING", epoch: 1))
            status.append(StatusObservation(timeNanoseconds: time + 1, node: "node2", role: "PRIMARY", epoch: 2))
        }
        let evaluator = Self.evaluator([], status: status, restore: second)
        let outcome = evaluator.evaluate([.singlePrimaryAfterHeal(seconds: 0.5)]).first
        #expect(outcome?.verdict == .ok, "\(outcome?.detail ?? "")")
        #expect(evaluator.evaluate([.singlePrimaryAfterHeal(seconds: 0.2)]).first?.verdict == .violation)
        #expect(
            Self.evaluator([], status: status).evaluate([.singlePrimaryAfterHeal(seconds: 1)]).first?.verdict
                == .unknown)
    }
}
