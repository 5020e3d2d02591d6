import TestSupport
import Testing
@testable import BunnyCrypto

/// Sealing: input validation, determinism and round trips.
@Suite struct SealTests {
    let cipher: StoreIDCipher

    init() throws {
        cipher = try TestSupport.cipher(site: "local")
    }

    @Test(arguments: ["", "a b", "a:b", "a.b", "ä", String(repeating: "a", count: 65), "customer\n"])
    func invalidCustomerFails(customer: String) {
        #expect(cipher.seal(shardID: "abcdefghijk", uniqueID: "1234567890abcdef", customerID: customer) == nil)
    }

    @Test(arguments: ["a", "A", "0", "-", "_", "Acme_Corp-1", String(repeating: "z", count: 64)])
    func validCustomerSucceeds(customer: String) throws {
        let id = try #require(cipher.seal(shardID: "abcdefghijk", uniqueID: "1234567890abcdef", customerID: customer))
        #expect(cipher.open(storeID: id, customerID: customer) == "abcdefghijk")
    }

    @Test(arguments: [
        "", "abcdefghij", "abcdefghijkl", "abcdefghij:", "abcdefghij=", "abcdefghij+", "abcdefghij/", "abcdefghijé",
    ])
    func invalidShardIDFails(shardID: String) {
        #expect(cipher.seal(shardID: shardID, uniqueID: "1234567890abcdef", customerID: "acme") == nil)
    }

    @Test(arguments: [
        "", "1234567890abcde", "1234567890abcdef0", "1234567890abcde:", "1234567890abcde ", "1234567890abcd==",
    ])
    func invalidUniqueIDFails(uniqueID: String) {
        #expect(cipher.seal(shardID: "abcdefghijk", uniqueID: uniqueID, customerID: "acme") == nil)
    }

    @Test(arguments: ["", "Local", "site_1", "a.b", "12345678901234567", "sité"])
    func invalidSiteFails(site: String) throws {
        let cipher = try TestSupport.cipher(site: site)
        #expect(cipher.seal(shardID: "abcdefghijk", uniqueID: "1234567890abcdef", customerID: "acme") == nil)
    }

    @Test(arguments: ["a", "-", "0123456789abcdef", "nyc-01"])
    func validSiteSucceeds(site: String) throws {
        let cipher = try TestSupport.cipher(site: site)
        let id = try #require(cipher.seal(shardID: "abcdefghijk", uniqueID: "1234567890abcdef", customerID: "acme"))
        #expect(cipher.open(storeID: id, customerID: "acme") == "abcdefghijk")
    }

    static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func randomWord(length: Int, using generator: inout SeededGenerator) -> String {
        String((0..<length).map { _ in base64URLAlphabet.randomElement(using: &generator)! })
    }

    @Test func randomInputsAreDeterministicAndRoundTrip() throws {
        var generator = SeededGenerator(seed: 0x5EED_B0BB_1E5)
        let other = try TestSupport.cipher(keys: "k:" + String(repeating: "5a", count: 32), site: "nyc01")
        var seen = Set<String>()
        for iteration in 0..<400 {
            let shard = Self.randomWord(length: 11, using: &generator)
            let unique = Self.randomWord(length: 16, using: &generator)
            let customer = Self.randomWord(length: Int.random(in: 1...64, using: &generator), using: &generator)
            for cipher in [cipher, other] {
                let id = try #require(
                    cipher.seal(shardID: shard, uniqueID: unique, customerID: customer), "iteration \(iteration)")
                #expect(cipher.seal(shardID: shard, uniqueID: unique, customerID: customer) == id)
                #expect(id.utf8.count == 4 + cipher.keyRing.currentKeyID.utf8.count + 59)
                #expect(id.hasPrefix("v1:\(cipher.keyRing.currentKeyID):"))
                #expect(cipher.open(storeID: id, customerID: customer) == shard)
                #expect(cipher.open(storeID: id, customerID: customer + "x") == nil || customer.count == 64)
                #expect(seen.insert(id).inserted)
            }
        }
    }

    @Test func derivedKeysAreCachedAndTheCacheIsBounded() throws {
        let cipher = try StoreIDCipher(keyRing: .development, site: "local", derivedKeyCacheCapacity: 3)
        #expect(cipher.cachedDerivedKeyCount == 0)
        let id = try #require(cipher.seal(shardID: "abcdefghijk", uniqueID: "1234567890abcdef", customerID: "c1"))
        #expect(cipher.cachedDerivedKeyCount == 1)
        #expect(cipher.open(storeID: id, customerID: "c1") == "abcdefghijk")
        #expect(cipher.cachedDerivedKeyCount == 1)
        for customer in ["c2", "c3", "c4", "c5"] {
            #expect(cipher.seal(shardID: "abcdefghijk", uniqueID: "1234567890abcdef", customerID: customer) != nil)
            #expect(cipher.cachedDerivedKeyCount <= 3)
        }
        // Keys re-derived after eviction are the same.
        #expect(cipher.open(storeID: id, customerID: "c1") == "abcdefghijk")
    }

    @Test func concurrentUseIsSafe() async throws {
        let cipher = self.cipher
        let ok = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var generator = SeededGenerator(seed: UInt64(task))
                    for _ in 0..<200 {
                        let shard = Self.randomWord(length: 11, using: &generator)
                        let unique = Self.randomWord(length: 16, using: &generator)
                        let customer = "customer\(Int.random(in: 0..<20, using: &generator))"
                        guard let id = cipher.seal(shardID: shard, uniqueID: unique, customerID: customer),
                            cipher.open(storeID: id, customerID: customer) == shard
                        else { return false }
                    }
                    return true
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(ok)
    }
}
