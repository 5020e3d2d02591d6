import TestSupport
import Testing

@testable import BunnyCore

@Suite("Store table: exact IDs, packed or not, through growth and deletion")
struct StoreTableTests {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    private static func canonicalID(_ number: Int, keyID: String = "0") -> String {
        var generator = SeededGenerator(seed: UInt64(number))
        let payload = (0..<59).map { _ in alphabet[Int(generator.next() % 64)] }
        return "v1:\(keyID):" + String(payload)
    }

    private static func record(_ marker: UInt64) -> StoreRecord {
        StoreRecord(
            customerID: "acme", shardID: "AAAAAAAAAAA", content: .blob([1]), expiresAt: .unset, version: marker,
            epoch: 1, createdAt: WallTime(nanosecondsSinceEpoch: 0))
    }

    @Test func packingIsExactAndReversible() throws {
        for number in 0..<200 {
            let id = Self.canonicalID(number, keyID: number % 2 == 0 ? "0" : "2024q2-x_y")
            let keyID = try #require(PackedStoreID.keyID(of: id))
            let packed = try #require(PackedStoreID(storeID: id, keyIDIndex: 3))
            #expect(packed.keyIDIndex == 3)
            #expect(packed.storeID(keyID: String(keyID)) == id)
        }
    }

    @Test func theFourSpellingsOfOnePayloadStayFourStores() {
        // The last character's two low bits are unused by the payload, yet the table is keyed
        // by the exact string.
        let stem = String(Self.canonicalID(7).dropLast())
        let spellings = ["A", "B", "C", "D"].map { stem + $0 }
        var table = StoreTable()
        for (index, id) in spellings.enumerated() { table[id] = Self.record(UInt64(index)) }
        #expect(table.count == 4)
        for (index, id) in spellings.enumerated() { #expect(table[id]?.version == UInt64(index)) }
    }

    @Test func manyInsertsAndDeletesBehaveLikeADictionary() {
        var table = StoreTable()
        var model: [String: UInt64] = [:]
        var generator = SeededGenerator(seed: 42)
        let odd = [
            "plain", "v1:0:short", "v1:UPPER:" + String(repeating: "A", count: 59),
            "v1:0:" + String(repeating: "=", count: 59),
        ]
        let ids = (0..<3_000).map { Self.canonicalID($0, keyID: $0 % 7 == 0 ? "k2" : "0") } + odd
        for step in 0..<20_000 {
            let id = ids[Int(generator.next() % UInt64(ids.count))]
            switch generator.next() % 3 {
            case 0:
                #expect(table.removeValue(forKey: id)?.version == model.removeValue(forKey: id))
            default:
                table[id] = Self.record(UInt64(step))
                model[id] = UInt64(step)
            }
            if step % 997 == 0 {
                #expect(table.count == model.count)
                #expect(table.mapValues(\.version) == model)
            }
        }
        for id in ids { #expect(table[id]?.version == model[id]) }
        #expect(Set(table.keys) == Set(model.keys))
        var recordVersions: [UInt64] = []
        table.forEachRecord { recordVersions.append($0.version) }
        #expect(recordVersions.sorted() == model.values.sorted())
        #expect(table.containsRecord { $0.version == model.values.max() })
        #expect(!table.containsRecord { $0.version == UInt64.max })
        table.removeAll(keepingCapacity: true)
        #expect(table.isEmpty && table[ids[0]] == nil && table.keys.isEmpty)
    }

    @Test func unknownKeyIDsAndMalformedIDsAreSimplyAbsent() {
        var table = StoreTable()
        table[Self.canonicalID(1)] = Self.record(1)
        #expect(table[Self.canonicalID(1, keyID: "other")] == nil)
        #expect(table["v1:0:" + String(repeating: "*", count: 59)] == nil)
        #expect(table[""] == nil)
        #expect(table["v1::" + String(repeating: "A", count: 59)] == nil)
    }

    @Test func filterHandsOverTheExactIDs() {
        var table = StoreTable()
        let ids = (0..<50).map { Self.canonicalID($0) }
        for (index, id) in ids.enumerated() { table[id] = Self.record(UInt64(index)) }
        let even = table.filter { _, record in record.version % 2 == 0 }
        #expect(Set(even.keys) == Set(ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)))
    }
}
