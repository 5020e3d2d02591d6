import TestSupport
import Testing

@testable import BunnyCore

@Suite("Replication: applying messages on a secondary, join snapshots")
struct ReplicationApplyTests {
    /// A secondary at epoch 1 built through a real join.
    func secondary() -> Harness {
        let harness = Harness(peers: true)
        harness.replica.role = .joining
        harness.replica.isJoinInFlight = true
        _ = harness.replica.onJoinSnapshot(
            JoinSnapshot(
                stores: [], tombstones: [], registry: [], hasRegistry: true, leaderEpoch: 1, site: "local",
                hostID: "host2"),
            at: harness.now)
        return harness
    }

    func storeID(_ unique: String = "BBBBBBBBBBBBBBBB") -> String { "v1:t:acme|AAAAAAAAAAA|\(unique)" }

    func message(_ kind: StoreReplicationMessage.Kind, version: UInt64 = 1, body: String = "x", epoch: UInt64 = 1)
        -> ReplicationMessage
    {
        .store(
            StoreReplicationMessage(
                kind: kind, storeID: storeID(), shardID: "AAAAAAAAAAA", customerID: "acme", body: Array(body.utf8),
                version: version, leaderEpoch: epoch, tombstone: kind == .deleteStore))
    }

    @Test func joinMakesASecondary() {
        let harness = secondary()
        #expect(harness.replica.role == .secondary)
        #expect(harness.replica.epoch == 1)
        #expect(harness.replica.hasCompleteState)
    }

    @Test func versionsOnlyMoveForward() {
        let harness = secondary()
        #expect(harness.replica.onReplicationMessage(message(.createStore), at: harness.now).errorStatus == nil)
        _ = harness.replica.onReplicationMessage(message(.updateStore, version: 3, body: "three"), at: harness.now)
        _ = harness.replica.onReplicationMessage(message(.updateStore, version: 2, body: "two"), at: harness.now)
        _ = harness.replica.onReplicationMessage(message(.updateStore, version: 3, body: "three"), at: harness.now)
        #expect(harness.replica.stores[storeID()]?.content == .blob(Array("three".utf8)))
        #expect(harness.replica.stores[storeID()]?.version == 3)
    }

    @Test func tombstonesWinOverLateCreatesAndUpdates() {
        let harness = secondary()
        _ = harness.replica.onReplicationMessage(message(.createStore), at: harness.now)
        _ = harness.replica.onReplicationMessage(message(.deleteStore), at: harness.now)
        _ = harness.replica.onReplicationMessage(message(.updateStore, version: 5), at: harness.now)
        _ = harness.replica.onReplicationMessage(message(.createStore), at: harness.now)
        #expect(harness.replica.stores[storeID()] == nil)
    }

    @Test func staleEpochsJoiningNodesAndPrimariesRefuse() {
        let harness = secondary()
        harness.replica.epoch = 3
        #expect(
            harness.replica.onReplicationMessage(message(.createStore, epoch: 2), at: harness.now).errorStatus == 409)
        harness.replica.role = .joining
        #expect(
            harness.replica.onReplicationMessage(message(.createStore, epoch: 3), at: harness.now).errorStatus == 503)
        harness.replica.role = .primary
        #expect(
            harness.replica.onReplicationMessage(message(.createStore, epoch: 3), at: harness.now).errorStatus == 409)
        #expect(harness.replica.stores.isEmpty)
    }

    @Test func storeIDsThatDoNotOpenAreRefused() {
        let harness = secondary()
        let foreign = ReplicationMessage.store(
            StoreReplicationMessage(
                kind: .createStore, storeID: "v1:t:globex|AAAAAAAAAAA|BBBBBBBBBBBBBBBB", shardID: "AAAAAAAAAAA",
                customerID: "acme", leaderEpoch: 1))
        #expect(harness.replica.onReplicationMessage(foreign, at: harness.now).errorStatus == 400)
        let wrongShard = ReplicationMessage.store(
            StoreReplicationMessage(
                kind: .createStore, storeID: storeID(), shardID: "ZZZZZZZZZZZ", customerID: "acme", leaderEpoch: 1))
        #expect(harness.replica.onReplicationMessage(wrongShard, at: harness.now).errorStatus == 400)
    }

    @Test func replicatedLocksFollowTheMessages() {
        let harness = secondary()
        _ = harness.replica.onReplicationMessage(message(.createStore), at: harness.now)
        let acquired = ReplicationMessage.store(
            StoreReplicationMessage(
                kind: .lockAcquired, storeID: storeID(), shardID: "AAAAAAAAAAA", customerID: "acme", leaderEpoch: 1,
                lockID: "L1", lockTimeout: .milliseconds(500), timestamp: harness.now.wall))
        _ = harness.replica.onReplicationMessage(acquired, at: harness.now)
        #expect(harness.replica.stores[storeID()]?.lock?.lockID == "L1")
        let released = ReplicationMessage.store(
            StoreReplicationMessage(
                kind: .lockReleased, storeID: storeID(), shardID: "AAAAAAAAAAA", customerID: "acme", leaderEpoch: 1,
                lockID: "L1"))
        _ = harness.replica.onReplicationMessage(released, at: harness.now)
        #expect(harness.replica.stores[storeID()]?.lock == nil)
    }

    @Test func counterBodiesWithExtraMembersAreAccepted() {
        let harness = secondary()
        let counter = ReplicationMessage.store(
            StoreReplicationMessage(
                kind: .createStore, storeID: storeID(), shardID: "AAAAAAAAAAA", customerID: "acme", dataType: 1,
                body: Array(#"{"type":"counter","value":0,"max":100}"#.utf8), version: 1, leaderEpoch: 1))
        _ = harness.replica.onReplicationMessage(counter, at: harness.now)
        #expect(harness.replica.stores[storeID()]?.content == .counter(CounterState(value: 0, maximum: 100)))
    }

    @Test func aJoinSnapshotThatWouldGoBackInTimeIsRefused() {
        let harness = secondary()
        harness.replica.epoch = 5
        harness.replica.role = .joining
        harness.replica.isJoinInFlight = true
        let directives = harness.replica.onJoinSnapshot(
            JoinSnapshot(
                stores: [], tombstones: [], registry: [], hasRegistry: true, leaderEpoch: 4, site: "local", hostID: "x"),
            at: harness.now)
        #expect(harness.replica.role == .joining)
        #expect(directives.count == 1)
    }

    @Test func primarySnapshotRaisesTheBarrierAndKeepsTheStream() throws {
        let primary = Harness(peers: true)
        _ = primary.create("a")
        let queued = try #require(primary.replica.nextReplication)
        guard case .snapshot(let snapshot) = primary.replica.beginJoinSnapshot(at: primary.now) else {
            Issue.record("expected a snapshot")
            return
        }
        #expect(snapshot.stores.count == 1)
        // The request may be a late duplicate whose snapshot nobody installs: the stream stays
        // (resending what a snapshot already holds is harmless).
        #expect(primary.replica.nextReplication == queued)
        #expect(primary.send(.create, body: "b").error == .joinSyncing)
        guard case .refused(let busy) = primary.replica.beginJoinSnapshot(at: primary.now) else {
            Issue.record("a second join should be refused")
            return
        }
        #expect(busy.retryAfterSeconds == 2)
        primary.replica.endJoinSnapshot()
        #expect(primary.send(.create, body: "b").response != nil)
        // A joiner applying that snapshot holds the same store.
        let joiner = Harness(peers: true)
        joiner.replica.role = .joining
        joiner.replica.isJoinInFlight = true
        _ = joiner.replica.onJoinSnapshot(snapshot, at: joiner.now)
        #expect(joiner.replica.stores.keys.sorted() == snapshot.stores.map(\.storeID))
    }

    @Test func failedReplicationIsRetriedAndMarksWritesDegraded() throws {
        let primary = Harness(peers: true)
        _ = primary.create("a")
        let head = try #require(primary.replica.nextReplication)
        for _ in 0..<3 {
            _ = primary.replica.onReplicationResult(
                sequence: head.sequence, .failed(reason: "refused"), at: primary.now)
        }
        #expect(primary.replica.nextReplication?.sequence == head.sequence)
        #expect(primary.send(.create, body: "b").response?.degradedWrite == true)
        _ = primary.replica.onReplicationResult(sequence: head.sequence, .delivered, at: primary.now)
        primary.advance(.seconds(6))
        #expect(primary.send(.create, body: "c").response?.degradedWrite == false)
    }

    @Test func aRejectedMessageResyncsThePeerByBumpingTheEpoch() throws {
        let primary = Harness(peers: true)
        _ = primary.create("a")
        let head = try #require(primary.replica.nextReplication)
        let directives = primary.replica.onReplicationResult(
            sequence: head.sequence, .rejected(reason: "400"), at: primary.now)
        #expect(primary.replica.epoch == 2)
        #expect(primary.replica.nextReplication == nil)
        #expect(directives.contains(.sendHeartbeatsNow))
    }

    @Test func registryRPCRoundTrip() throws {
        let harness = Harness()
        let reserved = try harness.replica.registryReserve(customerID: "acme", name: "n", at: harness.now).get()
        #expect(harness.replica.registryReserve(customerID: "acme", name: "n", at: harness.now).errorStatus == 409)
        #expect(
            harness.replica.registryCommit(
                customerID: "acme", name: "n", reservationID: "wrong", storeID: "s", expiresAt: .unset, at: harness.now
            ).errorStatus == 409)
        _ = try harness.replica.registryCommit(
            customerID: "acme", name: "n", reservationID: reserved.reservationID, storeID: "s", expiresAt: .unset,
            at: harness.now
        ).get()
        #expect(try harness.replica.registryLookup(customerID: "acme", name: "n").get().storeID == "s")
        _ = harness.replica.registryDelete(customerID: "acme", name: "n", at: harness.now)
        #expect(harness.replica.registryLookup(customerID: "acme", name: "n").errorStatus == 404)
    }
}

extension Result where Failure == APIError {
    var errorStatus: Int? {
        if case .failure(let error) = self { return error.status }
        return nil
    }
}

@Suite("Start-up")
struct StartUpTests {
    /// The shell binds its sockets before the replica starts; a peer's heartbeat in between
    /// must neither change the role nor make start-up trap (found by the lab tests).
    @Test func aHeartbeatBeforeStartUpIsRefusedAndChangesNothing() {
        var configuration = ReplicaConfiguration()
        configuration.hostID = "node2"
        configuration.peers = [PeerAddress(hostID: "node1", address: "127.0.0.1:9")]
        let replica = Replica(
            configuration: configuration, cipher: TransparentCipher(), random: SeededGenerator(seed: 1))
        let now = Harness().now
        let heartbeat = HeartbeatMessage(
            hostID: "node1", site: "local", address: "127.0.0.1:9", leaderEpoch: 3, storeCount: 0, memoryUsage: 0,
            timestamp: now.wall)
        let (response, directives) = replica.onHeartbeat(heartbeat, at: now)
        guard case .failure(let error) = response else {
            Issue.record("a heartbeat before start-up should be refused")
            return
        }
        #expect(error.status == 503)
        #expect(directives.isEmpty)
        #expect(replica.role == .unknown && replica.epoch == 0)
        #expect(!replica.start(at: now).isEmpty)
        #expect(replica.role == .joining)
    }
}
