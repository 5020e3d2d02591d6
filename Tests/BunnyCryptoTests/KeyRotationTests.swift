import Testing
@testable import BunnyCrypto

/// Key rotation (`storeid.md` §8).
@Suite struct KeyRotationTests {
    static let keyA = "a:" + String(repeating: "1a", count: 32)
    static let keyB = "b:" + String(repeating: "2b", count: 32)

    @Test func oldIDsOpenWhileTheirKeyIsConfigured() throws {
        let before = try TestSupport.cipher(keys: Self.keyA, site: "local")
        let oldID = try #require(before.seal(shardID: "shard000001", uniqueID: "unique0000000001", customerID: "acme"))
        #expect(oldID.hasPrefix("v1:a:"))

        // B is added and becomes current (greatest ID); A remains for old IDs.
        let after = try TestSupport.cipher(keys: "\(Self.keyA),\(Self.keyB)", site: "local")
        #expect(after.keyRing.currentKeyID == "b")
        #expect(after.open(storeID: oldID, customerID: "acme") == "shard000001")
        let newID = try #require(after.seal(shardID: "shard000001", uniqueID: "unique0000000001", customerID: "acme"))
        #expect(newID.hasPrefix("v1:b:"))
        #expect(after.open(storeID: newID, customerID: "acme") == "shard000001")
        // The old node still holding only A cannot open the new ID.
        #expect(before.open(storeID: newID, customerID: "acme") == nil)

        // Explicitly keeping A current.
        let pinned = try TestSupport.cipher(keys: "\(Self.keyA),\(Self.keyB)", current: "a", site: "local")
        #expect(pinned.seal(shardID: "shard000001", uniqueID: "unique0000000001", customerID: "acme") == oldID)

        // A removed: its IDs no longer open.
        let removed = try TestSupport.cipher(keys: Self.keyB, site: "local")
        #expect(removed.open(storeID: oldID, customerID: "acme") == nil)
        #expect(removed.open(storeID: newID, customerID: "acme") == "shard000001")
    }

    @Test func keyIDInTheStringSelectsTheKey() throws {
        let cipher = try TestSupport.cipher(keys: "\(Self.keyA),\(Self.keyB)", site: "local")
        let newID = try #require(cipher.seal(shardID: "shard000001", uniqueID: "unique0000000001", customerID: "acme"))
        // Same payload claimed to be under key A: fails authentication.
        let relabelled = "v1:a:" + newID.dropFirst(5)
        #expect(cipher.open(storeID: relabelled, customerID: "acme") == nil)
    }

    @Test func sameKeyIDWithDifferentBytesFails() throws {
        let first = try TestSupport.cipher(keys: Self.keyA, site: "local")
        let id = try #require(first.seal(shardID: "shard000001", uniqueID: "unique0000000001", customerID: "acme"))
        let other = try TestSupport.cipher(keys: "a:" + String(repeating: "3c", count: 32), site: "local")
        #expect(other.open(storeID: id, customerID: "acme") == nil)
    }
}
