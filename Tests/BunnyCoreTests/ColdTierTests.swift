import TestSupport
import Testing

@testable import BunnyCore

/// The cold tier in the replica (`--hot-memory-limit`), with an in-memory tier and a manual
/// clock: what goes cold and when, what comes back, and that every feature still works on a
/// store that went cold.
@Suite("Cold tier")
struct ColdTierTests {
    /// A 5-byte store costs 405 bytes hot (+16 for the in-memory tier's index when cold), so
    /// a 2 100-byte limit holds five hot stores with a few cold ones.
    static func harness(
        limit: Int64 = 2_100, coldAfter: Duration = .zero, tier: InMemoryColdStoreTier = InMemoryColdStoreTier(),
        configure: (inout ReplicaConfiguration) -> Void = { _ in }
    ) -> Harness {
        Harness(
            configure: {
                $0.coldTier.hotMemoryLimit = limit
                $0.coldTier.coldAfter = coldAfter
                configure(&$0)
            }, coldTier: tier)
    }

    /// Runs one input that does nothing but let the replica settle its hot memory (a snapshot
    /// of an unknown store).
    static func settle(_ harness: Harness) {
        _ = harness.send(.snapshot(storeID: "v1:t:acme|none|none"))
    }

    @Test func withoutTheLimitNothingGoesCold() {
        let tier = InMemoryColdStoreTier()
        let harness = Harness(coldTier: tier)  // a tier given, but hotMemoryLimit is 0: off
        for _ in 0..<50 { _ = harness.create("hello") }
        Self.settle(harness)
        #expect(tier.count == 0 && harness.replica.stores.count == 50)
        #expect(harness.replica.coldTierStatus == nil)
        #expect(harness.replica.status(at: harness.now).coldTier == nil)
    }

    @Test func theLeastUsedStoresGoColdAndHotMemoryStaysUnderTheLimit() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        let favourite = harness.create("hello")
        var others: [String] = []
        for _ in 0..<12 {
            others.append(harness.create("hello"))
            _ = harness.send(.snapshot(storeID: favourite))  // used all the time
        }
        Self.settle(harness)
        let status = try #require(harness.replica.coldTierStatus)
        #expect(status.hotMemoryBytes <= 2_100, "\(status)")
        #expect(status.hotStoreCount + status.coldStoreCount == 13)
        #expect(status.coldStoreCount >= 7)
        #expect(harness.replica.stores[favourite] != nil, "the store used most went cold")
        #expect(tier.contains(storeID: others[0]), "the oldest unused store is still hot")
        #expect(harness.replica.storeCount == 13)
        #expect(harness.replica.status(at: harness.now).storeCount == 13)
    }

    @Test func aColdStoreComesBackOnReadWithItsContentAndExpiry() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        let first = harness.create("first", ttl: "100")
        for _ in 0..<10 { _ = harness.create("other") }
        Self.settle(harness)
        #expect(tier.contains(storeID: first))
        harness.advance(.seconds(10))
        let response = try #require(harness.send(.snapshot(storeID: first)).response)
        #expect(String(decoding: response.body, as: UTF8.self) == "first")
        #expect(response.notValidAfterSeconds == 90)
        #expect(harness.replica.stores[first] != nil && !tier.contains(storeID: first))
        #expect(harness.replica.coldTierStatus?.promotions == 1)
        // The promoted store is hot; the next input evicts others to make room again.
        Self.settle(harness)
        #expect(harness.replica.coldTierStatus!.hotMemoryBytes <= 2_100)
    }

    @Test func updatesAndDeletesOfColdStores() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        let first = harness.create("first")
        let second = harness.create("second")
        for _ in 0..<10 { _ = harness.create("other") }
        Self.settle(harness)
        #expect(tier.contains(storeID: first) && tier.contains(storeID: second))
        #expect(harness.send(.update(storeID: first), body: "changed").response != nil)
        for _ in 0..<10 { _ = harness.create("more") }
        Self.settle(harness)
        #expect(tier.contains(storeID: first), "the updated store did not go cold again")
        #expect(String(decoding: harness.send(.snapshot(storeID: first)).response!.body, as: UTF8.self) == "changed")
        // A delete of a cold store removes it from the tier and leaves a tombstone.
        #expect(harness.send(.delete(storeID: second)).response != nil)
        #expect(!tier.contains(storeID: second) && harness.replica.tombstones.contains(second))
        #expect(harness.send(.snapshot(storeID: second)).error == .storeNotFound)
        #expect(harness.send(.delete(storeID: second)).response != nil)
        // Another customer's cold store is still theirs.
        #expect(harness.send(.delete(storeID: first), customer: "globex").error == .invalidStoreID)
    }

    @Test func coldStoresExpireAndAreTombstonedByThePrimarysSweep() {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        let shortLived = harness.create("short", ttl: "5")
        for _ in 0..<10 { _ = harness.create("other") }
        Self.settle(harness)
        #expect(tier.contains(storeID: shortLived))
        harness.advance(.seconds(4))
        harness.replica.runMaintenance(.expireStores, at: harness.now)
        #expect(tier.contains(storeID: shortLived), "expired early")
        harness.advance(.seconds(2))
        #expect(harness.send(.snapshot(storeID: shortLived)).error == .storeExpired)
        for _ in 0..<10 { _ = harness.create("more") }
        Self.settle(harness)
        #expect(tier.contains(storeID: shortLived))
        let before = harness.replica.memory.totalUsed
        harness.replica.runMaintenance(.expireStores, at: harness.now)
        #expect(!tier.contains(storeID: shortLived) && harness.replica.stores[shortLived] == nil)
        #expect(harness.replica.tombstones.contains(shortLived))
        #expect(harness.replica.memory.totalUsed == before - (5 + 256))
    }

    @Test func lockedStoresStayHot() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        let locked = harness.create("locked")
        let lockID = try #require(harness.send(.beginModify(storeID: locked)).response?.lockID)
        for _ in 0..<20 { _ = harness.create("other") }
        Self.settle(harness)
        #expect(harness.replica.stores[locked] != nil, "a locked store went cold")
        #expect(harness.send(.completeModify(storeID: locked), body: "done", lock: lockID).response != nil)
        for _ in 0..<20 { _ = harness.create("more") }
        Self.settle(harness)
        #expect(tier.contains(storeID: locked), "the unlocked store never went cold")
        #expect(String(decoding: harness.send(.snapshot(storeID: locked)).response!.body, as: UTF8.self) == "done")
    }

    @Test func countersKeepCountingAcrossTheTiers() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        guard case .success(let created) = harness.send(.create, body: #"{"type":"counter","value":5,"max":10}"#)
        else { preconditionFailure("counter not created") }
        let counter = String(decoding: created.body, as: UTF8.self)
        for round in 0..<3 {
            for _ in 0..<10 { _ = harness.create("other") }
            Self.settle(harness)
            #expect(tier.contains(storeID: counter), "round \(round)")
            let incremented = harness.send(.increment(storeID: counter), body: #"{"delta":2}"#)
            #expect(incremented.response != nil, "\(incremented)")
        }
        let response = try #require(harness.send(.snapshot(storeID: counter)).response)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"value":10,"version":4,"max":10}"# + "\n")
    }

    @Test func memoryLimitsAndQuotasCountColdStoresToo() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier) { $0.customerMemoryQuota = 20 * 261 }
        for _ in 0..<20 { _ = harness.create("hello") }
        Self.settle(harness)
        #expect(tier.count > 10)
        #expect(harness.replica.memory.totalUsed == 20 * 261)
        #expect(harness.replica.memory.used(by: "acme") == 20 * 261)
        #expect(harness.send(.create, body: "hello").error == .customerQuotaExceeded)
        let cold = try #require(tier.records.keys.sorted().first)
        _ = harness.send(.snapshot(storeID: cold))
        #expect(harness.replica.memory.totalUsed == 20 * 261, "a promotion changed the ledger")
        #expect(harness.send(.delete(storeID: cold)).response != nil)
        #expect(harness.replica.memory.totalUsed == 19 * 261)
        #expect(harness.send(.create, body: "hello").response != nil)
    }

    @Test func idleStoresGoColdAfterOneToTwoPeriodsEvenBelowTheLimit() {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(limit: 1_000_000, coldAfter: .seconds(10), tier: tier)
        let idle = harness.create("idle")
        let busy = harness.create("busy")
        harness.replica.runColdTierMaintenance(at: harness.now)  // starts the period
        harness.advance(.seconds(10))
        harness.replica.runColdTierMaintenance(at: harness.now)  // first pass: both were used
        #expect(tier.count == 0)
        harness.advance(.seconds(5))
        _ = harness.send(.snapshot(storeID: busy))
        harness.replica.runColdTierMaintenance(at: harness.now)  // too early for a pass
        #expect(tier.count == 0)
        harness.advance(.seconds(5))
        harness.replica.runColdTierMaintenance(at: harness.now)  // second pass
        #expect(tier.contains(storeID: idle) && harness.replica.stores[busy] != nil)
        #expect(harness.replica.coldTierStatus?.idleEvictions == 1)
    }

    @Test func namedStoresWorkWhenTheirStoreIsCold() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        let created = try #require(harness.send(.createByName(name: "cart"), body: "items").response)
        let storeID = String(decoding: created.body, as: UTF8.self)
        for _ in 0..<10 { _ = harness.create("other") }
        Self.settle(harness)
        #expect(tier.contains(storeID: storeID))
        let found = try #require(harness.send(.lookupIDByName(name: "cart")).response)
        #expect(String(decoding: found.body, as: UTF8.self) == storeID)
        #expect(tier.contains(storeID: storeID), "a name lookup promoted the store")
        #expect(harness.send(.createByName(name: "cart"), body: "again").error == .nameExists)
        #expect(harness.send(.deleteByName(name: "cart")).response != nil)
        #expect(!tier.contains(storeID: storeID) && harness.replica.tombstones.contains(storeID))
        #expect(harness.send(.lookupIDByName(name: "cart")).error == .nameNotFound)
    }

    @Test func aTierThatRefusesWritesKeepsStoresHotAndPausesEvictions() throws {
        let tier = InMemoryColdStoreTier()
        tier.refusesWrites = true
        let harness = Self.harness(tier: tier)
        for _ in 0..<10 { _ = harness.create("hello") }
        Self.settle(harness)
        #expect(harness.replica.stores.count == 10 && tier.count == 0)
        let failures = try #require(harness.replica.coldTierStatus?.evictionFailures)
        #expect(failures >= 1)
        Self.settle(harness)
        #expect(harness.replica.coldTierStatus?.evictionFailures == failures, "retried within the pause")
        tier.refusesWrites = false
        harness.advance(.seconds(2))
        Self.settle(harness)
        #expect(tier.count > 0 && harness.replica.coldTierStatus!.hotMemoryBytes <= 2_100)
    }

    @Test func aStoreTooLargeForTheTierStaysHotAndOthersGoInstead() throws {
        let tier = InMemoryColdStoreTier()
        tier.largestStoredLength = 100
        let harness = Self.harness(tier: tier)
        let large = harness.create(String(repeating: "L", count: 200))
        for _ in 0..<12 { _ = harness.create("hello") }
        Self.settle(harness)
        #expect(harness.replica.stores[large] != nil && !tier.contains(storeID: large))
        let status = try #require(harness.replica.coldTierStatus)
        #expect(status.hotMemoryBytes <= 2_100 && status.coldStoreCount >= 8, "\(status)")
        #expect(status.evictionFailures >= 1)
        // No pause: the next input evicts again at once.
        for _ in 0..<5 { _ = harness.create("more") }
        Self.settle(harness)
        #expect(harness.replica.coldTierStatus!.hotMemoryBytes <= 2_100)
    }

    @Test func joinSnapshotsCarryColdStoresAndAJoinerEvictsWhileInstalling() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        var ids: Set<String> = []
        for index in 0..<15 { ids.insert(harness.create("store \(index)")) }
        Self.settle(harness)
        #expect(tier.count > 0)
        guard case .snapshot(let snapshot) = harness.replica.beginJoinSnapshot(at: harness.now) else {
            preconditionFailure("no snapshot")
        }
        harness.replica.endJoinSnapshot()
        #expect(Set(snapshot.stores.map(\.storeID)) == ids)
        #expect(snapshot.stores.count == 15)

        let joinerTier = InMemoryColdStoreTier()
        let joiner = Self.joiningReplica(tier: joinerTier, at: harness.now)
        _ = joiner.onJoinSnapshot(snapshot, at: harness.now)
        #expect(joiner.role == .secondary)
        #expect(joiner.storeCount == 15 && joinerTier.count > 0)
        #expect(joiner.coldTierStatus!.hotMemoryBytes <= 2_100)
        #expect(joiner.memory.totalUsed == harness.replica.memory.totalUsed)
    }

    /// A replica with a peer, JOINING with a join in flight, as after its first heartbeat.
    static func joiningReplica(tier: InMemoryColdStoreTier, at now: Moment) -> Replica {
        var configuration = ReplicaConfiguration()
        configuration.hostID = "host2"
        configuration.peers = [PeerAddress(hostID: "host1", address: "127.0.0.1:9")]
        configuration.coldTier.hotMemoryLimit = 2_100
        configuration.coldTier.coldAfter = .zero
        let replica = Replica(
            configuration: configuration, cipher: TransparentCipher(), random: SeededGenerator(seed: 7),
            coldTier: tier)
        replica.role = .joining
        replica.isJoinInFlight = true
        return replica
    }

    /// With `--data-dir` too: a store that changed and then went cold before the batch was
    /// taken is written as a store (not as a deletion), and a snapshot carries cold stores.
    @Test func persistenceSeesColdStores() throws {
        let tier = InMemoryColdStoreTier()
        let harness = Self.harness(tier: tier)
        harness.replica.enablePersistence()
        _ = harness.replica.takeDurableChanges()
        let ids = (0..<12).map { _ in harness.create("hello") }
        Self.settle(harness)
        let cold = try #require(ids.first { tier.contains(storeID: $0) })
        let batch = harness.replica.takeDurableChanges()
        #expect(Set(PersistenceTests.storeRecords(batch).keys) == Set(ids))
        #expect(!batch.records.contains { if case .storeDeleted = $0 { true } else { false } })
        let snapshot = harness.replica.takeDurableChanges(snapshot: true)
        #expect(snapshot.isSnapshot)
        #expect(Set(PersistenceTests.storeRecords(snapshot).keys) == Set(ids))
        #expect(PersistenceTests.storeRecords(snapshot)[cold] == "hello")
    }

    /// Stores restored from the data directory join the hot set, so the tier can evict them.
    @Test func restoredStoresGoColdLikeAnyOther() throws {
        let source = Harness()
        source.replica.enablePersistence()
        var written = source.replica.takeDurableChanges().records
        let ids = (0..<12).map { _ in source.create("hello") }
        written += source.replica.takeDurableChanges().records
        var state = RestoredState()
        for record in written { state.apply(record) }

        var configuration = ReplicaConfiguration()
        configuration.rateLimitPerSecond = 0
        configuration.coldTier.hotMemoryLimit = 2_100
        configuration.coldTier.coldAfter = .zero
        let tier = InMemoryColdStoreTier()
        let replica = Replica(
            configuration: configuration, cipher: TransparentCipher(), random: SeededGenerator(seed: 42),
            coldTier: tier)
        replica.restore(state, at: source.now)
        #expect(replica.storeCount == 12)
        let before = try #require(replica.coldTierStatus)
        #expect(before.hotStoreCount == 12, "\(before)")
        replica.startAsSinglePrimary(at: source.now)
        func snapshot(_ id: String) -> PublicOutcome {
            replica.handle(PublicRequest(endpoint: .snapshot(storeID: id), customerID: "acme"), at: source.now)
        }
        _ = snapshot("v1:t:acme|none|none")
        let after = try #require(replica.coldTierStatus)
        #expect(after.hotMemoryBytes <= 2_100 && after.coldStoreCount > 0, "\(after)")
        for id in ids { #expect(snapshot(id).response?.body == Array("hello".utf8)) }
    }
}
