import Foundation
import Testing
@testable import BunnyCrypto

/// Store IDs minted by the reference daemon (`shared/spec/vectors/store-ids.json`).
@Suite struct ReferenceStoreIDTests {
    struct VectorFile: Decodable {
        struct Entry: Decodable {
            var store_id: String
            var customer: String
            var site: String
            var key_id: String
            var shard_id_in_replication: String
        }
        var ids: [Entry]
    }

    static func loadEntries() throws -> [VectorFile.Entry] {
        let url = TestSupport.sharedDirectory.appendingPathComponent("spec/vectors/store-ids.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record(
                "missing test vectors: expected \(url.path) (the shared/ folder must sit beside the repository)")
            return []
        }
        return try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url)).ids
    }

    @Test func everyReferenceIDOpensForItsCustomerAndSiteOnly() throws {
        let entries = try Self.loadEntries()
        guard !entries.isEmpty else {
            Issue.record("store-ids.json holds no IDs")
            return
        }
        let local = try TestSupport.cipher(keys: "dev", site: "local")
        let nyc01 = try TestSupport.cipher(keys: "dev", site: "nyc01")
        for entry in entries {
            #expect(entry.customer == "acme-corp" && entry.site == "local" && entry.key_id == "0")
            #expect(
                local.open(storeID: entry.store_id, customerID: "acme-corp") == entry.shard_id_in_replication,
                "\(entry.store_id)")
            #expect(local.open(storeID: entry.store_id, customerID: "globex") == nil, "\(entry.store_id)")
            #expect(nyc01.open(storeID: entry.store_id, customerID: "acme-corp") == nil, "\(entry.store_id)")
        }
    }
}
