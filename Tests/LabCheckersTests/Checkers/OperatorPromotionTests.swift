import LabCore
import Testing

@testable import LabCheckers

/// An operator's force-promote during a partition: node2 promotes by lease to epoch 2 at
/// ~6 s, the operator promotes node1 (already PRIMARY at epoch 1) to epoch 2 at 7 s, the
/// network heals at 8 s and node1 resolves the tie by taking epoch 3 at `resolvedAt`.
@Suite struct OperatorPromotionTests {
    static func equalEpochStory(resolvedAt: Double, end: Double = 14) -> FixtureBuilder {
        var fixture = FixtureBuilder()
        fixture.heartbeats("node1->node2", epoch: 1, from: 0.1, to: 2.0)
        fixture.fault(
            .partition(from: "node1", to: "node2", mode: .blackhole, oneWay: false), at: 2.0,
            targets: ["node1", "node2"])
        fixture.role("node2", "SECONDARY", epoch: 1, from: 0, to: 6.0, offset: 0.001)
        fixture.role("node2", "PRIMARY", epoch: 2, from: 6.0, to: resolvedAt + 0.1, since: 5.97, offset: 0.001)
        fixture.role("node2", "SECONDARY", epoch: 3, from: resolvedAt + 0.1, to: end, offset: 0.001)
        fixture.role("node1", "PRIMARY", epoch: 1, from: 0, to: 7.0, since: 0)
        fixture.fault(.promote(target: "node1"), at: 6.99, targets: ["node1"])
        fixture.role("node1", "PRIMARY", epoch: 2, from: 7.0, to: resolvedAt, since: 6.99)
        fixture.role("node1", "PRIMARY", epoch: 3, from: resolvedAt, to: end, since: resolvedAt - 0.01)
        fixture.fault(.heal, at: 8.0, targets: [])
        return fixture
    }

    @Test func anEqualEpochTieMadeByTheOperatorAndResolvedAfterTheHealIsNotAViolation() {
        let result = EpochFencingChecker().check(Self.equalEpochStory(resolvedAt: 8.3).recording)
        #expect(result.verdict == .ok, "\(result.evidence.map(\.text))")
        #expect(result.evidence.contains { $0.kind == "dual-primary-same-epoch-operator" && !$0.isViolation })
    }

    @Test func anEqualEpochTieStillThereTwoSecondsAfterTheHealIsAViolation() {
        let result = EpochFencingChecker().check(Self.equalEpochStory(resolvedAt: 11.0).recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.contains { $0.kind == "dual-primary-same-epoch" && $0.isViolation })
    }

    @Test func onlyTheLeaseFailoverIsTimed() {
        let result = FailoverTimingChecker().check(Self.equalEpochStory(resolvedAt: 8.3).recording)
        #expect(result.figure("failover.count") == 1)
        #expect(result.figure("failover.other-promotions") == 1)  // node1's bump to epoch 3
        #expect(result.verdict == .ok, "\(result.summary)")
    }

    @Test func anEpochBumpOfALeaderOpensNoLockStateUnknownWindow() {
        var fixture = Self.equalEpochStory(resolvedAt: 8.3)
        fixture.operation(.beginModify, key: "cart-0", node: "node1", at: 8.41, lock: "lock-a")
        let result = LockExclusionChecker().check(fixture.recording)
        #expect(result.verdict == .ok, "\(result.summary)")
    }

    @Test func aLeaseFailoverStillOpensTheWindow() {
        var fixture = FixtureBuilder()
        let promotion = fixture.killFailover()
        fixture.operation(.beginModify, key: "cart-0", node: "node2", at: promotion + 0.15, lock: "lock-a")
        let result = LockExclusionChecker().check(fixture.recording)
        #expect(result.verdict == .violation)
    }
}
