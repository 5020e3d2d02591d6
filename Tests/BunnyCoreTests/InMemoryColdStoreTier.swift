import BunnyCore

/// A cold tier in a dictionary, for tests: it keeps copies (as a file would), counts its calls,
/// and can be told to refuse writes.
final class InMemoryColdStoreTier: ColdStoreTier {
    private(set) var records: [String: StoreRecord] = [:]
    var refusesWrites = false
    /// Stores holding more bytes than this are refused as too large (as the file tier's slots do).
    var largestStoredLength = Int.max
    var bytesPerStore: Int64 = 16
    private(set) var puts = 0
    private(set) var takes = 0

    var count: Int { records.count }
    var residentBytes: Int64 { Int64(records.count) * bytesPerStore }

    func put(storeID: String, record: StoreRecord) throws(ColdTierError) {
        precondition(records[storeID] == nil, "\(storeID) is already cold")
        precondition(record.lock == nil && record.pendingName.isEmpty, "\(storeID) is pinned")
        if refusesWrites { throw .input(path: "memory", operation: "write", reason: "refused by the test") }
        if record.content.storedLength > largestStoredLength {
            throw .recordTooLarge(storeID: storeID, bytes: record.content.storedLength)
        }
        puts += 1
        records[storeID] = Self.copy(record)
    }

    func read(storeID: String) -> StoreRecord? { records[storeID].map(Self.copy) }

    func take(storeID: String) -> StoreRecord? {
        guard let record = records.removeValue(forKey: storeID) else { return nil }
        takes += 1
        return Self.copy(record)
    }

    func contains(storeID: String) -> Bool { records[storeID] != nil }

    func expiryCandidates(at now: WallTime, limit: Int) -> [(storeID: String, record: StoreRecord)] {
        Array(
            records.keys.sorted().filter { records[$0]!.isExpired(at: now) }.prefix(limit).map {
                ($0, Self.copy(records[$0]!))
            })
    }

    func forEachStore(_ body: (String, StoreRecord) -> Void) {
        for storeID in records.keys.sorted() { body(storeID, Self.copy(records[storeID]!)) }
    }

    func removeAll() { records.removeAll() }

    private static func copy(_ record: StoreRecord) -> StoreRecord {
        let copy = record.copy()
        copy.identityVerified = record.identityVerified
        return copy
    }
}
