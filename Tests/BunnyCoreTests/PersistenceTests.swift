import TestSupport
import Testing

@testable import BunnyCore

/// The replica's side of `--data-dir`: which changes reach the writer, what a restore brings
/// back, and how two restarted nodes decide which of them holds the newest data.
@Suite struct PersistenceTests {
    static let start = Moment(
        wall: WallTime(nanosecondsSinceEpoch: 1_767_225_600_000_000_000),
        monotonic: MonotonicTime(nanoseconds: 1_000_000_000))

    /// Restores `records` (applied in order) into a fresh, unstarted replica.
    static func restoredReplica(
        _ records: [DurableRecord], hostID: String = "host1", peers: [PeerAddress] = [], at now: Moment = start
    ) -> Replica {
        var configuration = ReplicaConfiguration()
        configuration.hostID = hostID
        configuration.rateLimitPerSecond = 0
        configuration.peers = peers
        let replica = Replica(
            configuration: configuration, cipher: TransparentCipher(), random: SeededGenerator(seed: 7))
        var state = RestoredState()
        for record in records { state.apply(record) }
        state.dropExpired(at: now.wall, tombstoneLifetime: configuration.tombstoneLifetime)
        replica.restore(state, at: now)
        return replica
    }

    static func storeRecords(_ batch: DurableBatch) -> [String: String] {
        var bodies: [String: String] = [:]
        for case .store(let store) in batch.records {
            bodies[store.storeID] = String(decoding: store.content.storedBytes, as: UTF8.self)
        }
        return bodies
    }

    @Test func withoutPersistenceNothingIsNoted() {
        let harness = Harness()
        _ = harness.create("a")
        #expect(harness.replica.persistence == nil)
        #expect(!harness.replica.hasDurableChanges)
        #expect(harness.replica.durableStanding == nil)
        #expect(harness.replica.status(at: harness.now).durableStanding == nil)
    }

    /// Ten updates of one store inside one batch cost one record: the writer takes each
    /// key's state when it takes the batch.
    @Test func aBatchHoldsEachChangedKeyOnceWithItsCurrentState() throws {
        let harness = Harness()
        harness.replica.enablePersistence()
        let first = harness.batchAfterStart()
        #expect(first.records == [.standing(DurableStanding(epoch: 1, wasPrimary: true))])
        let id = harness.create("v0")
        for index in 1...10 {
            #expect(harness.send(.update(storeID: id), body: "v\(index)").response != nil)
        }
        let batch = harness.replica.takeDurableChanges()
        #expect(batch.records.count == 1)
        #expect(Self.storeRecords(batch) == [id: "v10"])
        #expect(!harness.replica.hasDurableChanges)
        // A sequence number per change, for acknowledgements that wait for the disk.
        #expect(batch.sequence == 11)
    }

    @Test func aDeleteIsWrittenAsItsTombstoneAndLocksAreNotWritten() throws {
        let harness = Harness()
        harness.replica.enablePersistence()
        _ = harness.batchAfterStart()
        let id = harness.create("a")
        _ = harness.replica.takeDurableChanges()
        #expect(harness.send(.beginModify(storeID: id)).response != nil)
        #expect(!harness.replica.hasDurableChanges, "a lock is not durable")
        harness.advance(.seconds(1))
        #expect(harness.send(.delete(storeID: id)).response != nil)
        let batch = harness.replica.takeDurableChanges()
        #expect(batch.records == [.storeDeleted(storeID: id, customerID: "acme", deletedAt: harness.now.wall)])
    }

    @Test func namesAreWrittenAndRemoved() throws {
        let harness = Harness()
        harness.replica.enablePersistence()
        _ = harness.batchAfterStart()
        #expect(harness.send(.createByName(name: "cart"), body: "x").response != nil)
        let batch = harness.replica.takeDurableChanges()
        let names = batch.records.compactMap { record -> NameEntry? in
            if case .name(let entry) = record { return entry }
            return nil
        }
        #expect(names.map(\.name) == ["cart"])
        #expect(names.first?.state == .active)
    }

    /// What a replica writes, replayed into another, gives back the same stores, names,
    /// tombstones and epoch; a node without peers then starts one epoch later.
    @Test func aRestoreBringsBackWhatWasWritten() throws {
        let harness = Harness()
        harness.replica.enablePersistence()
        var written: [DurableRecord] = []
        written += harness.batchAfterStart().records
        let kept = harness.create("kept")
        let gone = harness.create("gone")
        #expect(harness.send(.createByName(name: "cart"), body: "named").response != nil)
        written += harness.replica.takeDurableChanges().records
        #expect(harness.send(.update(storeID: kept), body: "kept-2").response != nil)
        #expect(harness.send(.delete(storeID: gone)).response != nil)
        written += harness.replica.takeDurableChanges().records

        let restored = Self.restoredReplica(written, at: harness.now)
        #expect(restored.stores.keys.sorted() == harness.replica.stores.keys.sorted())
        #expect(restored.stores[kept]?.content == .blob(Array("kept-2".utf8)))
        #expect(restored.stores[kept]?.version == harness.replica.stores[kept]?.version)
        #expect(restored.tombstones.contains(gone))
        #expect(restored.registry.entry(customerID: "acme", name: "cart") != nil)
        #expect(restored.memory.totalUsed == harness.replica.memory.totalUsed)
        #expect(restored.epoch == 1)
        restored.startAsSinglePrimary(at: harness.now)
        #expect(restored.epoch == 2, "epochs never go back")
        // A full snapshot of the restored node is the same state again.
        let snapshot = restored.takeDurableChanges(snapshot: true)
        #expect(snapshot.isSnapshot)
        #expect(Self.restoredReplica(snapshot.records).stores.count == harness.replica.stores.count)
    }

    /// Stores whose TTL ran out while the node was down are dropped on replay (and
    /// tombstoned); tombstones older than their lifetime are dropped too.
    @Test func replayDropsWhatExpiredMeanwhile() throws {
        let harness = Harness()
        harness.replica.enablePersistence()
        var written = harness.batchAfterStart().records
        let shortLived = harness.create("short", ttl: "10")
        let longLived = harness.create("long", ttl: "100000")
        let deleted = harness.create("deleted")
        #expect(harness.send(.delete(storeID: deleted)).response != nil)
        written += harness.replica.takeDurableChanges().records

        let soon = Self.restoredReplica(written, at: harness.now.advanced(by: .seconds(5)))
        #expect(soon.stores[shortLived] != nil)
        let later = Self.restoredReplica(written, at: harness.now.advanced(by: .seconds(11)))
        #expect(later.stores[shortLived] == nil)
        #expect(later.tombstones.contains(shortLived))
        #expect(later.stores[longLived] != nil)
        #expect(later.tombstones.contains(deleted))
        let muchLater = Self.restoredReplica(written, at: harness.now.advanced(by: .seconds(90_000)))
        #expect(!muchLater.tombstones.contains(deleted))
    }

    /// Replay sizes the store table before filling it; a reserved table holds and finds every
    /// store, and reserving less than it holds changes nothing.
    @Test func aReservedTableKeepsEveryStore() throws {
        let harness = Harness()
        let ids = (0..<200).map { harness.create("s\($0)") }
        var table = StoreTable()
        table.reserveCapacity(150)
        for id in ids { table[id] = harness.replica.stores[id] }
        table.reserveCapacity(10)
        table.reserveCapacity(5_000)
        #expect(table.count == 200)
        for id in ids { #expect(table[id] === harness.replica.stores[id]) }
    }

    @Test func aJoinMakesTheNextBatchASnapshot() throws {
        let primary = Harness(peers: true)
        _ = primary.create("a")
        guard case .snapshot(let snapshot) = primary.replica.beginJoinSnapshot(at: primary.now) else {
            Issue.record("no snapshot")
            return
        }
        let joiner = Harness(peers: true)
        joiner.replica.enablePersistence()
        joiner.replica.role = .joining
        joiner.replica.isJoinInFlight = true
        _ = joiner.replica.onJoinSnapshot(snapshot, at: joiner.now)
        let batch = joiner.replica.takeDurableChanges()
        #expect(batch.isSnapshot)
        #expect(batch.records.first == .standing(DurableStanding(epoch: 1, wasPrimary: false)))
        #expect(Self.storeRecords(batch).count == 1)
    }

    /// A secondary writes what it applies from the primary.
    @Test func aSecondaryWritesWhatItApplies() throws {
        let primary = Harness(peers: true)
        let id = primary.create("from the primary")
        let message = try #require(primary.replica.nextReplication?.message)
        let secondary = Harness(peers: true)
        secondary.replica.enablePersistence()
        secondary.replica.role = .secondary
        _ = secondary.replica.takeDurableChanges()
        #expect((try? secondary.replica.onReplicationMessage(message, at: secondary.now).get()) != nil)
        #expect(Self.storeRecords(secondary.replica.takeDurableChanges()) == [id: "from the primary"])
    }

    // MARK: - Start-up of a pair that restored data

    static let peer = PeerAddress(hostID: "host2", address: "127.0.0.1:9")

    static func restoredPair(_ standing: DurableStanding, hostID: String = "host1") -> Replica {
        let replica = restoredReplica(
            [.standing(standing)], hostID: hostID,
            peers: [PeerAddress(hostID: hostID == "host1" ? "host2" : "host1", address: "127.0.0.1:9")])
        _ = replica.start(at: start)
        return replica
    }

    @Test func standingsOrderByEpochThenRoleThenHostID() {
        let primaryOne = DurableStanding(epoch: 1, wasPrimary: true)
        let secondaryOne = DurableStanding(epoch: 1, wasPrimary: false)
        let secondaryTwo = DurableStanding(epoch: 2, wasPrimary: false)
        #expect(secondaryTwo.isNewer(than: primaryOne, hostID: "b", otherHostID: "a"))
        #expect(primaryOne.isNewer(than: secondaryOne, hostID: "b", otherHostID: "a"))
        #expect(!secondaryOne.isNewer(than: primaryOne, hostID: "a", otherHostID: "b"))
        #expect(primaryOne.isNewer(than: primaryOne, hostID: "a", otherHostID: "b"))
        #expect(!primaryOne.isNewer(than: primaryOne, hostID: "b", otherHostID: "a"))
    }

    /// Both nodes restarted: the former primary (newer data) takes the role, whichever came
    /// up first; the former secondary waits for it.
    @Test func theNodeWithTheNewestDataBecomesPrimary() {
        let formerPrimary = Self.restoredPair(DurableStanding(epoch: 3, wasPrimary: true), hostID: "host2")
        let formerSecondary = Self.restoredPair(DurableStanding(epoch: 3, wasPrimary: false), hostID: "host1")
        #expect(formerPrimary.role == .joining)
        #expect(formerPrimary.status(at: Self.start).durableStanding == DurableStanding(epoch: 3, wasPrimary: true))

        let secondaryView = formerSecondary.onDiscovery(
            [(peer: PeerAddress(hostID: "host2", address: "x"), result: .role(.joining))],
            peerStandings: ["host2": DurableStanding(epoch: 3, wasPrimary: true)], at: Self.start)
        #expect(secondaryView.isEmpty)
        #expect(formerSecondary.role == .joining)

        let primaryView = formerPrimary.onDiscovery(
            [(peer: PeerAddress(hostID: "host1", address: "x"), result: .role(.joining))],
            peerStandings: ["host1": DurableStanding(epoch: 3, wasPrimary: false)], at: Self.start)
        #expect(primaryView.contains(.sendHeartbeatsNow))
        #expect(formerPrimary.role == .primary)
        #expect(formerPrimary.epoch == 4, "a new epoch, above both restored ones")
    }

    /// A restored node waits, however long, for a peer that does not answer, and never
    /// promotes by lease meanwhile: the peer may hold newer data.
    @Test func aRestoredNodeWaitsForAnUnreachablePeer() {
        let node = Self.restoredPair(DurableStanding(epoch: 5, wasPrimary: true))
        var now = Self.start
        for _ in 0..<100 {
            now = now.advanced(by: .milliseconds(100))
            _ = node.leaseTick(at: now)
            _ = node.onDiscovery(
                [(peer: Self.peer, result: .unreachable)], peerStandings: [:], at: now)
        }
        #expect(node.role == .joining)
        #expect(node.epoch == 5)
    }

    @Test func aRestoredNodeWinsOverAPeerThatRestoredNothing() {
        let node = Self.restoredPair(DurableStanding(epoch: 1, wasPrimary: false), hostID: "host2")
        _ = node.onDiscovery(
            [(peer: PeerAddress(hostID: "host1", address: "x"), result: .role(.joining))], peerStandings: [:],
            at: Self.start)
        #expect(node.role == .primary)
        #expect(node.epoch == 2)
    }

    /// A node with an empty data directory never takes the primary role next to a peer that
    /// holds data, even with the smaller host ID, nor alone.
    @Test func aFreshNodeDefersToAPeerWithDataAndNeverStartsAlone() {
        var configuration = ReplicaConfiguration()
        configuration.hostID = "host1"
        configuration.peers = [Self.peer]
        let fresh = Replica(configuration: configuration, cipher: TransparentCipher(), random: SeededGenerator(seed: 1))
        fresh.enablePersistence()
        _ = fresh.start(at: Self.start)
        _ = fresh.onDiscovery(
            [(peer: Self.peer, result: .role(.joining))],
            peerStandings: ["host2": DurableStanding(epoch: 2, wasPrimary: false)], at: Self.start)
        #expect(fresh.role == .joining)
        let muchLater = Self.start.advanced(by: .seconds(60))
        _ = fresh.onDiscovery([(peer: Self.peer, result: .unreachable)], peerStandings: [:], at: muchLater)
        #expect(fresh.role == .joining)
        // Two fresh nodes: the smaller host ID, as without persistence.
        _ = fresh.onDiscovery([(peer: Self.peer, result: .role(.joining))], peerStandings: [:], at: muchLater)
        #expect(fresh.role == .primary)
        #expect(fresh.epoch == 1)
    }

    /// A live PRIMARY is the current history: a restored node joins it.
    @Test func aRestoredNodeJoinsALivePrimary() {
        let node = Self.restoredPair(DurableStanding(epoch: 9, wasPrimary: true))
        let directives = node.onDiscovery(
            [(peer: Self.peer, result: .role(.primary))],
            peerStandings: ["host2": DurableStanding(epoch: 10, wasPrimary: true)], at: Self.start)
        #expect(directives == [.fetchJoinSnapshot(from: Self.peer)])
    }
}

extension Harness {
    /// The first batch after start-up: the standing of the start-up primary.
    func batchAfterStart() -> DurableBatch {
        replica.takeDurableChanges()
    }
}
