import BunnyCore
import Testing

/// `Replica.shouldHoldWrites`: writes wait at the high watermark only while the peer takes
/// messages, and may go on at the low watermark.
@Suite("Replication back-pressure")
struct ReplicationBackPressureTests {
    func primary(high: Int = 4, low: Int = 1) -> Harness {
        Harness(
            configure: {
                $0.replicationBackPressureHighWatermark = high
                $0.replicationBackPressureLowWatermark = low
            }, peers: true)
    }

    func deliverHead(_ harness: Harness) throws {
        let head = try #require(harness.replica.nextReplication)
        _ = harness.replica.onReplicationResult(sequence: head.sequence, .delivered, at: harness.now)
    }

    @Test func writesWaitAtTheHighWatermarkWhileThePeerTakesMessages() throws {
        let harness = primary()
        for index in 0..<5 { _ = harness.create("store \(index)") }
        // Nothing delivered yet: the peer may be down, so writes never wait.
        #expect(!harness.replica.shouldHoldWrites(at: harness.now))
        try deliverHead(harness)  // 4 left: at the high watermark, and the peer is taking messages
        #expect(harness.replica.shouldHoldWrites(at: harness.now))
        #expect(!harness.replica.mayReleaseHeldWrites)
        try deliverHead(harness)
        try deliverHead(harness)
        #expect(!harness.replica.shouldHoldWrites(at: harness.now))  // 2 left: below high
        #expect(!harness.replica.mayReleaseHeldWrites)  // but not yet down to low
        try deliverHead(harness)
        #expect(harness.replica.mayReleaseHeldWrites)
    }

    @Test func aPeerThatStoppedTakingMessagesNeverHoldsWrites() throws {
        let harness = primary()
        for index in 0..<6 { _ = harness.create("store \(index)") }
        try deliverHead(harness)
        #expect(harness.replica.shouldHoldWrites(at: harness.now))
        harness.advance(.milliseconds(250))
        #expect(!harness.replica.shouldHoldWrites(at: harness.now), "no delivery for the liveness period")
    }

    @Test func aZeroHighWatermarkTurnsItOff() throws {
        let harness = primary(high: 0, low: 0)
        for index in 0..<6 { _ = harness.create("store \(index)") }
        try deliverHead(harness)
        #expect(!harness.replica.shouldHoldWrites(at: harness.now))
    }

    @Test func aSingleNodeNeverHoldsWrites() {
        let harness = Harness(configure: { $0.replicationBackPressureHighWatermark = 1 })
        for index in 0..<3 { _ = harness.create("store \(index)") }
        #expect(!harness.replica.shouldHoldWrites(at: harness.now))
        #expect(harness.replica.mayReleaseHeldWrites)
    }
}
