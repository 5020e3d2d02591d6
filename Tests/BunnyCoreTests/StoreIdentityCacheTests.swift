import TestSupport
import Testing

@testable import BunnyCore

/// A cipher that counts how often IDs are opened.
final class CountingCipher: StoreIdentityCipher {
    let inner = TransparentCipher()
    var opens = 0

    func seal(shardID: String, uniqueID: String, customerID: String) -> String? {
        inner.seal(shardID: shardID, uniqueID: uniqueID, customerID: customerID)
    }

    func open(storeID: String, customerID: String) -> String? {
        opens += 1
        return inner.open(storeID: storeID, customerID: customerID)
    }
}

@Suite("Skipping the store-ID open for verified stores")
struct StoreIdentityCacheTests {
    func replica(_ cipher: CountingCipher) -> Replica {
        var configuration = ReplicaConfiguration()
        configuration.rateLimitPerSecond = 0
        let replica = Replica(configuration: configuration, cipher: cipher, random: SeededGenerator(seed: 7))
        replica.startAsSinglePrimary(at: Harness().now)
        return replica
    }

    @Test func storesMintedHereAreNotOpenedAgainForTheirCustomer() throws {
        let cipher = CountingCipher()
        let replica = replica(cipher)
        let now = Harness().now
        let created = replica.handle(
            PublicRequest(endpoint: .create, customerID: "acme", body: .complete([1])), at: now)
        let id = try #require(created.bodyText)
        for _ in 0..<5 {
            _ = replica.handle(PublicRequest(endpoint: .snapshot(storeID: id), customerID: "acme"), at: now)
        }
        #expect(cipher.opens == 0)
        // Another customer is always checked, and refused as before.
        let foreign = replica.handle(PublicRequest(endpoint: .snapshot(storeID: id), customerID: "globex"), at: now)
        #expect(foreign.error == .invalidStoreID)
        #expect(cipher.opens == 1)
        // An unknown ID is always checked.
        _ = replica.handle(PublicRequest(endpoint: .snapshot(storeID: "garbage"), customerID: "acme"), at: now)
        #expect(cipher.opens == 2)
    }

    @Test func storesFromASnapshotAreOpenedOnceThenTrusted() throws {
        let cipher = CountingCipher()
        let replica = replica(cipher)
        let now = Harness().now
        let id = "v1:t:acme|AAAAAAAAAAA|BBBBBBBBBBBBBBBB"
        replica.insert(
            StoreRecord(
                customerID: "acme", shardID: "AAAAAAAAAAA", content: .blob([1]), expiresAt: .unset, version: 1,
                epoch: 1, createdAt: now.wall),
            storeID: id)
        for _ in 0..<3 {
            _ = replica.handle(PublicRequest(endpoint: .snapshot(storeID: id), customerID: "acme"), at: now)
        }
        #expect(cipher.opens == 1)
    }
}
