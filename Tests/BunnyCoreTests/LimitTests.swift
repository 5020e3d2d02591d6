import Testing

@testable import BunnyCore

@Suite("Quotas, tombstone limits, rate limiting, maintenance")
struct LimitTests {
    @Test func customerQuotaThenGlobalLimit() {
        let harness = Harness {
            $0.customerMemoryQuota = 600
            $0.memoryLimit = 900
        }
        _ = harness.create(String(repeating: "a", count: 44))  // 300
        _ = harness.create(String(repeating: "a", count: 44))  // 600
        #expect(harness.send(.create, customer: "acme", body: "x").error == .customerQuotaExceeded)
        _ = harness.create(String(repeating: "a", count: 44), customer: "globex")  // 900 total
        #expect(harness.send(.create, customer: "globex", body: "x").error == .capacityExceeded)
    }

    @Test func growingUpdateIsCheckedShrinkingIsNot() {
        let harness = Harness { $0.customerMemoryQuota = 300 }
        let id = harness.create(String(repeating: "a", count: 40))
        #expect(
            harness.send(.update(storeID: id), body: String(repeating: "b", count: 45)).error
                == .customerQuotaExceeded)
        #expect(harness.send(.update(storeID: id), body: "small").response != nil)
    }

    @Test func tombstoneLimitsPerCustomerAndGlobal() {
        let harness = Harness { $0.tombstoneCustomerLimit = 1 }
        let first = harness.create()
        let second = harness.create()
        #expect(harness.send(.delete(storeID: first)).response != nil)
        let error = harness.send(.delete(storeID: second)).error
        #expect(error == .tombstoneLimitExceeded)
        #expect(error?.retryAfterSeconds == 1)
        #expect(harness.replica.stores[second] != nil)
        // Tombstones expire after 24 h, freeing the budget.
        harness.advance(.seconds(86_401))
        harness.replica.runMaintenance(.sweepTombstones, at: harness.now)
        #expect(harness.send(.delete(storeID: second)).response != nil)
    }

    @Test func rateLimitBurstThenRefill() {
        let harness = Harness {
            $0.rateLimitPerSecond = 10
            $0.burstSize = 3
        }
        for _ in 0..<3 { #expect(harness.send(.create, body: "x").response != nil) }
        let refused = harness.send(.create, body: "x").error
        #expect(refused == .rateLimited)
        #expect(refused?.retryAfterSeconds == 1)
        // Another customer has its own bucket.
        #expect(harness.send(.create, customer: "globex", body: "x").response != nil)
        harness.advance(.milliseconds(99))
        #expect(harness.send(.create, body: "x").error == .rateLimited)
        harness.advance(.milliseconds(1))
        #expect(harness.send(.create, body: "x").response != nil)
    }

    @Test func zeroBurstRefusesEverythingAndZeroRateDisables() {
        let strict = Harness {
            $0.rateLimitPerSecond = 10
            $0.burstSize = 0
        }
        #expect(strict.send(.create, body: "x").error == .rateLimited)
        let open = Harness { $0.rateLimitPerSecond = 0 }
        for _ in 0..<500 { #expect(open.send(.create, body: "x").response != nil) }
    }

    @Test func expirySweepDeletesExpiredUnlockedStoresAndTheirNames() throws {
        let harness = Harness()
        let expired = harness.create(ttl: "1")
        let locked = harness.create(ttl: "1")
        let named = try #require(harness.send(.createByName(name: "n"), body: "a", ttl: "1").bodyText)
        let alive = harness.create(ttl: "100")
        harness.advance(.milliseconds(800))
        _ = harness.send(.beginModify(storeID: locked))
        harness.advance(.milliseconds(300))
        harness.replica.runMaintenance(.expireStores, at: harness.now)
        #expect(harness.replica.stores[expired] == nil)
        #expect(harness.replica.stores[named] == nil)
        #expect(harness.replica.stores[locked] != nil)
        #expect(harness.replica.stores[alive] != nil)
        #expect(harness.replica.registry.count == 0)
        #expect(harness.replica.tombstones.count == 2)
        harness.advance(.milliseconds(500))
        harness.replica.runMaintenance(.expireStores, at: harness.now)
        #expect(harness.replica.stores[locked] == nil)
    }

    @Test func nameSweepAbortsStaleReservationsAndRemovesOrphans() {
        let harness = Harness()
        harness.replica.registry.put(
            NameEntry(
                customerID: "acme", name: "stale", storeID: "", state: .creating, expiresAt: .unset,
                reservationID: "r", reservedAt: harness.now.wall, epoch: 1, version: 1))
        let orphan = harness.create()
        harness.replica.stores[orphan]?.pendingName = "stale"
        harness.advance(.seconds(5))
        harness.replica.runMaintenance(.sweepNames, at: harness.now)
        #expect(harness.replica.registry.count == 1)
        #expect(harness.send(.createByName(name: "stale"), body: "a").error == .nameReservationInProgress)
        harness.advance(.milliseconds(1))
        harness.replica.runMaintenance(.sweepNames, at: harness.now)
        #expect(harness.replica.registry.count == 0)
        #expect(harness.replica.stores[orphan] != nil)
        harness.advance(.seconds(5))
        harness.replica.runMaintenance(.sweepNames, at: harness.now)
        #expect(harness.replica.stores[orphan] == nil)
    }

    @Test func statusReportsCounts() throws {
        let harness = Harness()
        _ = harness.create("12345")
        _ = try #require(harness.send(.createByName(name: "n"), body: "a").bodyText)
        harness.advance(.seconds(3))
        let status = harness.replica.status(at: harness.now)
        #expect(status.role == .primary)
        #expect(status.leaderEpoch == 1)
        #expect(status.storeCount == 2)
        #expect(status.memoryUsage == 5 + 256 + 1 + 256)
        #expect(status.registryCount == 1)
        #expect(status.registryStates.map(\.state) == ["active"])
        #expect(status.lastLeaderSeen == .seconds(3))
    }
}
