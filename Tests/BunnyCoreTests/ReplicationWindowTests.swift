import BunnyCore
import Testing

/// `Replica.replication(after:limit:)`: the messages a shell sends next, after those already
/// in flight, found by sequence arithmetic over the queue.
@Suite("Replication window")
struct ReplicationWindowTests {
    @Test func theWindowFollowsTheLastSentSequenceAcrossDeliveries() throws {
        let harness = Harness(peers: true)
        for index in 0..<10 { _ = harness.create("store \(index)") }
        let all = harness.replica.replication(after: nil, limit: 100)
        #expect(all.count == 10)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.sequence + 1 == $1.sequence })
        let first = all[0].sequence

        #expect(harness.replica.replication(after: nil, limit: 3).map(\.sequence) == Array(first..<first + 3))
        #expect(harness.replica.replication(after: first + 2, limit: 3).map(\.sequence) == Array(first + 3..<first + 6))
        #expect(harness.replica.replication(after: first + 8, limit: 5).map(\.sequence) == [first + 9])
        #expect(harness.replica.replication(after: first + 9, limit: 5).isEmpty)
        #expect(harness.replica.replication(after: first + 50, limit: 5).isEmpty)
        #expect(harness.replica.replication(after: nil, limit: 0).isEmpty)
        // A sequence before the head (already delivered) reads from the head.
        #expect(harness.replica.replication(after: first - 1, limit: 2).map(\.sequence) == [first, first + 1])

        // Delivering the head moves it; the window after a sequence stays the same messages.
        for sequence in first..<first + 4 {
            _ = harness.replica.onReplicationResult(sequence: sequence, .delivered, at: harness.now)
        }
        #expect(harness.replica.replication(after: nil, limit: 2).map(\.sequence) == [first + 4, first + 5])
        #expect(harness.replica.replication(after: first + 6, limit: 2).map(\.sequence) == [first + 7, first + 8])
        #expect(harness.replica.replication(after: first + 1, limit: 1).map(\.sequence) == [first + 4])
        #expect(harness.replica.replication(after: first + 7, limit: .max).map(\.sequence) == [first + 8, first + 9])
    }
}
