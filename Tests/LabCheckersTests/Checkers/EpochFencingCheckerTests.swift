import LabCore
import Testing

@testable import LabCheckers

@Suite struct EpochFencingCheckerTests {
    let checker = EpochFencingChecker()

    @Test func cleanFailoverIsOk() {
        var fixture = FixtureBuilder()
        fixture.killFailover()
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("dual-primary.count") == 0)
    }

    @Test func splitBrainAtDifferentEpochsIsReportedNotFlagged() throws {
        var fixture = FixtureBuilder()
        let promotion = fixture.splitBrain(partitionAt: 2.0, healAt: 8.0)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("dual-primary.count") == 1)
        let seconds = try #require(result.figure("dual-primary.max-seconds"))
        #expect(abs(seconds - (8.05 - promotion)) < 0.06)
    }

    @Test func twoPrimariesAtTheSameEpochAreAViolation() {
        var fixture = FixtureBuilder()
        fixture.role("node1", "PRIMARY", epoch: 1, from: 0, to: 5, since: 0)
        fixture.role("node2", "SECONDARY", epoch: 1, from: 0, to: 2, offset: 0.001)
        fixture.role("node2", "PRIMARY", epoch: 1, from: 2, to: 5, since: 2, offset: 0.001)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.contains { $0.kind == "dual-primary-same-epoch" && $0.isViolation })
    }

    @Test func epochGoingBackwardsWithoutARestartIsAViolation() {
        var fixture = FixtureBuilder()
        fixture.role("node1", "PRIMARY", epoch: 2, from: 0, to: 5, since: 0)
        fixture.role("node2", "SECONDARY", epoch: 2, from: 0, to: 2, offset: 0.001)
        fixture.role("node2", "SECONDARY", epoch: 1, from: 2, to: 5, offset: 0.001)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.first?.kind == "epoch-regression")
    }

    @Test func restartingAtEpochZeroWhileJoiningIsNoRegression() {
        var fixture = FixtureBuilder()
        fixture.role("node1", "PRIMARY", epoch: 2, from: 0, to: 5, since: 0)
        fixture.role("node2", "SECONDARY", epoch: 2, from: 0, to: 2, offset: 0.001)
        fixture.unreachable("node2", from: 2.001, to: 2.5)
        fixture.role("node2", "JOINING", epoch: 0, from: 2.5, to: 2.7, offset: 0.001)
        fixture.role("node2", "SECONDARY", epoch: 2, from: 2.7, to: 5, offset: 0.001)
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    @Test func restartedSmallestNodeComingBackAsPrimaryIsReportedNotFlagged() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0, end: 7)
        fixture.fault(.restart(target: "node1"), at: 7.0, targets: ["node1"])
        fixture.role("node1", "PRIMARY", epoch: 1, from: 7.05, to: 7.2, since: 7.02)
        let result = checker.check(fixture.recording)
        #expect(!result.evidence.contains { $0.isViolation && $0.kind != "dual-primary" })
        #expect(result.evidence.contains { $0.kind == "restart-as-primary" })
    }

    @Test func primaryStayingPrimaryAfterAcceptingAHigherEpochIsAStalePrimary() {
        var fixture = FixtureBuilder()
        fixture.role("node1", "PRIMARY", epoch: 1, from: 0, to: 4, since: 0)
        fixture.role("node2", "PRIMARY", epoch: 2, from: 2, to: 4, since: 1.98, offset: 0.001)
        fixture.role("node2", "SECONDARY", epoch: 1, from: 0, to: 2, offset: 0.001)
        fixture.message("node2->node1", .heartbeat, epoch: 2, at: 2.5)
        let stale = fixture.operation(.update, key: "k", node: "node1", at: 3.0, data: "x")
        fixture.operation(.update, key: "k", node: "node1", at: 2.0, data: "before the heartbeat")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.contains { $0.kind == "stale-primary" })
        #expect(result.evidence.filter { $0.kind == "stale-write" }.map(\.operationIDs) == [[stale]])
        #expect(result.figure("stale-write.count") == 1)
    }

    /// A slow `/status` answer shows the state of when the poll was sent: a PRIMARY sample that
    /// arrives after the heartbeat's answer but was requested before it proves nothing.
    @Test func aSlowStatusAnswerRequestedBeforeTheHeartbeatIsNotAStalePrimary() {
        var fixture = FixtureBuilder()
        fixture.role("node2", "SECONDARY", epoch: 1, from: 0, to: 2, offset: 0.001)
        fixture.role("node2", "PRIMARY", epoch: 2, from: 2, to: 4, since: 1.98, offset: 0.001)
        fixture.role("node1", "PRIMARY", epoch: 1, from: 0, to: 2.5, since: 0)
        fixture.message("node2->node1", .heartbeat, epoch: 2, at: 2.5)
        // Requested at 2.49 (before the heartbeat), answered at 2.58: still shows PRIMARY/1.
        fixture.status.append(
            StatusObservation(
                timeNanoseconds: FixtureBuilder.nanoseconds(2.58), node: "node1", role: "PRIMARY", epoch: 1,
                requestNanoseconds: FixtureBuilder.nanoseconds(2.49)))
        fixture.role("node1", "JOINING", epoch: 2, from: 2.63, to: 4)
        #expect(checker.check(fixture.recording).verdict == .ok)
        // The same sample requested after the answer is a stale primary.
        fixture.status.removeAll { $0.node == "node1" && $0.timeNanoseconds == FixtureBuilder.nanoseconds(2.58) }
        fixture.status.append(
            StatusObservation(
                timeNanoseconds: FixtureBuilder.nanoseconds(2.58), node: "node1", role: "PRIMARY", epoch: 1,
                requestNanoseconds: FixtureBuilder.nanoseconds(2.57)))
        #expect(checker.check(fixture.recording).verdict == .violation)
    }

    @Test func staleEpochReplicationAnswered200IsAViolationAnd409IsOk() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 8.0, fate: .replayed, status: 409)
        #expect(checker.check(fixture.recording).verdict == .ok)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 8.5, fate: .replayed, status: 200)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.first?.kind == "stale-epoch-applied")
        #expect(result.figure("stale-epoch-applied.count") == 1)
    }
}
