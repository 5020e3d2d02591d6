import LabCore
import Testing

@testable import LabCheckers

@Suite struct LostUpdatesCheckerTests {
    let checker = LostUpdatesChecker()

    /// A cart on node1: created, then items appended by complete-modify.
    static func cartSetup(_ fixture: inout FixtureBuilder) {
        fixture.operation(.create, key: "cart-0", at: 0.2, workload: "cart", data: "[]")
    }

    static func appendItem(_ fixture: inout FixtureBuilder, _ item: String, at seconds: Double, node: String = "node1")
        -> Int
    {
        fixture.operation(
            .completeModify, key: "cart-0", node: node, at: seconds, workload: "cart", item: item, lock: "lock-\(item)")
    }

    static func finalCart(
        _ fixture: inout FixtureBuilder, _ items: [String], at seconds: Double, node: String = "node2"
    ) {
        let list = "[" + items.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        fixture.operation(.snapshot, key: "cart-0", node: node, at: seconds, workload: "final", read: list)
    }

    @Test func everyItemInTheFinalReadIsOk() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 1.0)
        Self.appendItem(&fixture, "b", at: 1.5)
        Self.finalCart(&fixture, ["a", "b"], at: 4.5, node: "node1")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("lost.total") == 0)
        #expect(result.figure("acknowledged.total") == 3)
    }

    @Test func itemLostOutsideAnyFailoverIsUnexplained() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 1.0)
        let lost = Self.appendItem(&fixture, "b", at: 1.5)
        Self.finalCart(&fixture, ["a"], at: 4.5, node: "node1")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.figure("lost.unexplained") == 1)
        #expect(result.evidence.first { $0.isViolation }?.operationIDs == [lost])
        #expect(result.evidence.first?.kind == "lost-unexplained")
    }

    @Test func itemAcknowledgedAfterTheLastReplicationBeforeAKillIsInTheAsyncWindow() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 0.5)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 0.51)
        Self.appendItem(&fixture, "b", at: 1.0)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.01)  // window from 1.01 s − 250 ms slack
        let lost = Self.appendItem(&fixture, "c", at: 1.95)  // killed before it was replicated
        Self.finalCart(&fixture, ["a", "b"], at: 9.0)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("lost.async-window") == 1)
        #expect(result.figure("lost.unexplained") == 0)
        #expect(result.figure("lost.budget") == 2)  // b (within the slack of its own message) and c
        #expect(result.evidence.map(\.operationIDs) == [[lost]])
    }

    @Test func itemAcknowledgedBeforeTheLastAcceptedReplicationIsUnexplained() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 0.5)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 0.51)
        Self.appendItem(&fixture, "b", at: 1.8)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.81)
        Self.finalCart(&fixture, ["b"], at: 9.0)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.figure("lost.unexplained") == 1)
    }

    /// The journal sees only what was sent: a backlog in the old primary's queue (its last
    /// status sample before the kill) reaches the window back to the first write still queued.
    @Test func aReplicationBacklogAtTheKillOpensTheWindowEarlier() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 0.5)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 0.51)
        let queued = Self.appendItem(&fixture, "b", at: 1.0)
        Self.appendItem(&fixture, "c", at: 1.5)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.9)  // the one for "a", late
        let withoutBacklog = checker.check(fixture.recordingWithFinalCart(["a"]))
        #expect(withoutBacklog.figure("lost.unexplained") == 2)  // b and c, acknowledged before 1.9 s − 250 ms
        // The last sample of node1 before the kill: two messages still queued (b and c).
        if let index = fixture.status.lastIndex(where: { $0.node == "node1" && $0.timeNanoseconds < 2_000_000_000 }) {
            fixture.status[index].queueLength = 2
        }
        let result = checker.check(fixture.recordingWithFinalCart(["a"]))
        #expect(result.verdict == .ok)
        #expect(result.figure("lost.async-window") == 2)
        #expect(result.evidence.contains { $0.operationIDs == [queued] && !$0.isViolation })
    }

    /// After a restart the old primary's node answers again with an empty queue; the backlog
    /// that counts is the one it reported as PRIMARY.
    @Test func theBacklogIsReadFromTheOldPrimarysLastSampleAsPrimary() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 0.5)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 0.51)
        Self.appendItem(&fixture, "b", at: 1.0)
        Self.appendItem(&fixture, "c", at: 1.5)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.9)
        if let index = fixture.status.lastIndex(where: { $0.node == "node1" && $0.timeNanoseconds < 2_000_000_000 }) {
            fixture.status[index].queueLength = 2
        }
        // Restarted at 2.5 s: JOINING at epoch 0 with an empty queue until the end.
        fixture.status.removeAll { $0.node == "node1" && !$0.reachable && $0.timeNanoseconds >= 2_500_000_000 }
        fixture.role("node1", "JOINING", epoch: 0, from: 2.5, to: 10)
        let result = checker.check(fixture.recordingWithFinalCart(["a"]))
        #expect(result.verdict == .ok, "\(result.summary)")
        #expect(result.figure("lost.async-window") == 2)
    }

    @Test func aDroppedReplicationMessageOpensTheWindowEarlier() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 0.5)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 0.51, fate: .drop, status: nil)
        Self.appendItem(&fixture, "b", at: 1.8)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.81)
        Self.finalCart(&fixture, ["b"], at: 9.0)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("lost.async-window") == 1)
    }

    @Test func itemAcknowledgedByTheLosingSideOfASplitBrainIsAllowed() {
        var fixture = FixtureBuilder()
        let promotion = fixture.splitBrain(partitionAt: 2.0, healAt: 8.0)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 1.0)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.01)
        let lost = Self.appendItem(&fixture, "b", at: promotion + 1.0)  // node1 still thinks it leads
        Self.appendItem(&fixture, "c", at: promotion + 1.2, node: "node2")
        Self.finalCart(&fixture, ["a", "c"], at: 11.0)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("lost.split-brain") == 1)
        #expect(result.evidence.first { $0.kind == "lost-split-brain" }?.operationIDs == [lost])
    }

    @Test func itemLostOnTheNewPrimaryAfterTheSplitBrainIsUnexplained() {
        var fixture = FixtureBuilder()
        let promotion = fixture.splitBrain(partitionAt: 2.0, healAt: 8.0)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "c", at: promotion + 1.2, node: "node2")
        Self.finalCart(&fixture, [], at: 11.0)
        #expect(checker.check(fixture.recording).figure("lost.unexplained") == 1)
    }

    @Test func unknownOutcomeItemsMayBeMissingOrPresent() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        Self.cartSetup(&fixture)
        fixture.operation(
            .completeModify, key: "cart-0", at: 1.0, outcome: .unknown, workload: "cart", error: "timeout", item: "a")
        fixture.operation(
            .completeModify, key: "cart-0", at: 2.0, outcome: .unknown, workload: "cart", error: "timeout", item: "b")
        Self.finalCart(&fixture, ["b"], at: 4.5, node: "node1")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("lost.total") == 0)
    }

    @Test func aKeyWithoutAFinalReadIsUnknown() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 1.0)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .unknown)
    }

    /// A cart create whose outcome is unknown and whose store ID never came back can be
    /// neither read nor written: with nothing acknowledged on it, it leaves the verdict alone.
    @Test func aKeyWithNothingAcknowledgedNeedsNoFinalRead() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        Self.cartSetup(&fixture)
        Self.appendItem(&fixture, "a", at: 1.0)
        Self.finalCart(&fixture, ["a"], at: 4.5, node: "node1")
        fixture.operation(
            .create, key: "cart-0.c1s1", at: 2.0, outcome: .unknown, workload: "cart", status: 503,
            error: "LeaderChanged", data: "[]")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok, "\(result.summary)")
        #expect(!result.summary.contains("without a final read"))
    }

    // MARK: counters

    static func counter(
        _ fixture: inout FixtureBuilder, _ kind: OperationKind, _ delta: Int64, at seconds: Double,
        outcome: OperationOutcome = .ok, node: String = "node1"
    ) -> Int {
        fixture.operation(
            kind, key: "counter-0", node: node, at: seconds, outcome: outcome, workload: "counter", delta: delta)
    }

    @Test func counterWithinTheRangeOfUnknownDeltasIsOk() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.counterCreate, key: "counter-0", at: 0.2, workload: "counter", counter: 0)
        _ = Self.counter(&fixture, .increment, 5, at: 1.0)
        _ = Self.counter(&fixture, .increment, 3, at: 1.1, outcome: .unknown)
        _ = Self.counter(&fixture, .decrement, 2, at: 1.2, outcome: .unknown)
        fixture.operation(.counterGet, key: "counter-0", at: 4.5, workload: "final", counter: 6)  // 5 + 3 − 2
        #expect(checker.check(fixture.recording).verdict == .ok)
        var low = fixture
        low.operation(.counterGet, key: "counter-0", at: 4.6, workload: "final", counter: 3)  // 5 − 2
        #expect(checker.check(low.recording).verdict == .ok)
    }

    @Test func counterShortfallBeyondTheWindowsIsUnexplainedForTheExcessOnly() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0)
        fixture.operation(.counterCreate, key: "counter-0", at: 0.2, workload: "counter", counter: 0)
        for step in 0..<10 { _ = Self.counter(&fixture, .increment, 1, at: 0.3 + Double(step) * 0.07) }
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.3)
        _ = Self.counter(&fixture, .increment, 1, at: 1.8)
        _ = Self.counter(&fixture, .increment, 1, at: 1.9)
        fixture.operation(.counterGet, key: "counter-0", node: "node2", at: 9.0, workload: "final", counter: 7)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.figure("lost.async-window") == 2)
        #expect(result.figure("lost.unexplained") == 3)
        #expect(result.figure("lost.total") == 5)
        #expect(result.evidence.contains { $0.text.contains("counters commute") })
    }

    @Test func counterAboveEveryPossibleOutcomeIsUnexplained() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.counterCreate, key: "counter-0", at: 0.2, workload: "counter", counter: 0)
        _ = Self.counter(&fixture, .increment, 1, at: 1.0)
        fixture.operation(.counterGet, key: "counter-0", at: 4.5, workload: "final", counter: 2)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.figure("lost.unexplained") == 1)
    }

    // MARK: counter-rmw

    static func chainWrite(_ fixture: inout FixtureBuilder, _ value: Int, at seconds: Double, node: String = "node1")
        -> Int
    {
        fixture.operation(
            .completeModify, key: "rmw-0", node: node, at: seconds, workload: "counter-rmw", data: "\(value)",
            lock: "lock-\(seconds)")
    }

    @Test func duplicatedChainValueRevealsAnOverwrittenWrite() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.create, key: "rmw-0", at: 0.2, workload: "counter-rmw", data: "0")
        _ = Self.chainWrite(&fixture, 1, at: 1.0)
        let overwritten = Self.chainWrite(&fixture, 2, at: 1.5)
        _ = Self.chainWrite(&fixture, 2, at: 2.0)
        _ = Self.chainWrite(&fixture, 3, at: 2.5)
        fixture.operation(.snapshot, key: "rmw-0", at: 4.5, workload: "final", read: "3")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.figure("lost.unexplained") == 1)
        #expect(result.evidence.first?.operationIDs == [overwritten])
    }

    @Test func chainValueLostInTheAsyncWindowAndRewrittenIsAllowed() {
        var fixture = FixtureBuilder()
        let promotion = fixture.killFailover(killAt: 2.0)
        fixture.operation(.create, key: "rmw-0", at: 0.2, workload: "counter-rmw", data: "0")
        _ = Self.chainWrite(&fixture, 1, at: 1.0)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.01)
        let lost = Self.chainWrite(&fixture, 2, at: 1.9)
        _ = Self.chainWrite(&fixture, 2, at: promotion + 1, node: "node2")
        fixture.operation(.snapshot, key: "rmw-0", node: "node2", at: 9.0, workload: "final", read: "2")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("lost.async-window") == 1)
        #expect(result.evidence.first?.operationIDs == [lost])
    }
}

extension FixtureBuilder {
    /// The recording with a final read of cart-0 on node2 at 9 s.
    fileprivate func recordingWithFinalCart(_ items: [String]) -> RunRecording {
        var copy = self
        LostUpdatesCheckerTests.finalCart(&copy, items, at: 9.0)
        return copy.recording
    }
}
