/// The replica's stores by their exact ID string, built for memory: one 8-byte slot per
/// bucket, with each store's ID packed into its record (`PackedStoreID`, 48 bytes inline)
/// instead of a heap string per store. At 1 000 000 stores this saves about 150 bytes a store
/// against `[String: StoreRecord]` (the 112-byte ID allocation and the 24-byte buckets).
///
/// Open addressing with linear probing; a power-of-two capacity kept at most three-quarters
/// full; deletion shifts later entries back, so there are no tombstone slots and a lookup
/// stops at the first empty slot. The bucket comes from a multiplicative hash of the packed
/// payload mixed with the table's seed (`PackedStoreID.bucketHash`), not `Hasher`:
/// payloads are AES-SIV ciphertext, uniformly random, and only this daemon and its
/// authenticated peer mint the IDs that get inserted, so no one can pile IDs into one probe
/// run; SipHash over 48 bytes cost 4 % of a million-store replay.
///
/// An ID without the canonical shape (never minted by this daemon, but possible from a peer
/// or in tests) is kept exactly in a plain dictionary beside the table, as are IDs under more
/// than 256 distinct key IDs; everything behaves the same for them, only they cost more.
///
/// The interface mirrors the dictionary it replaced (subscript by ID, `removeValue`,
/// `filter`, `keys`, iteration of `(key, value)` pairs).
public struct StoreTable: Sequence {
    private var slots: [StoreRecord?] = []
    private var packedCount = 0
    /// Key IDs seen, in first-seen order; a packed ID holds its key ID's index here.
    private var keyIDs: [String] = []
    private var unpacked: [String: StoreRecord] = [:]
    /// Mixed into every bucket hash, so that bucket positions are not a function of the IDs
    /// alone. Given by the owner (the replica draws it from its injected randomness), so the
    /// table stays pure and a seeded simulation stays reproducible.
    private let seed: UInt64

    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    public var count: Int { packedCount + unpacked.count }
    public var isEmpty: Bool { count == 0 }

    public subscript(storeID: String) -> StoreRecord? {
        get {
            if let key = existingKey(for: storeID) {
                guard let slot = slot(of: key) else { return nil }
                return slots[slot]
            }
            return unpacked[storeID]
        }
        set {
            if let newValue { insert(newValue, storeID: storeID) } else { removeValue(forKey: storeID) }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey storeID: String) -> StoreRecord? {
        guard let key = existingKey(for: storeID) else { return unpacked.removeValue(forKey: storeID) }
        guard let slot = slot(of: key) else { return nil }
        let record = slots[slot]
        removeSlot(slot)
        return record
    }

    public mutating func removeAll(keepingCapacity: Bool = false) {
        if keepingCapacity {
            for index in slots.indices { slots[index] = nil }
        } else {
            slots = []
        }
        packedCount = 0
        unpacked.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Every store ID, in no particular order.
    public var keys: [String] { map(\.key) }

    /// The stores that pass the test, by ID.
    public func filter(_ isIncluded: (String, StoreRecord) throws -> Bool) rethrows -> [String: StoreRecord] {
        var result: [String: StoreRecord] = [:]
        for (storeID, record) in self where try isIncluded(storeID, record) { result[storeID] = record }
        return result
    }

    public func mapValues<Value>(_ transform: (StoreRecord) throws -> Value) rethrows -> [String: Value] {
        var result: [String: Value] = [:]
        result.reserveCapacity(count)
        for (storeID, record) in self { result[storeID] = try transform(record) }
        return result
    }

    /// Calls `body` with every record, without building ID strings or an array of the
    /// records (for start-up passes over a million stores that look at records only).
    public func forEachRecord(_ body: (StoreRecord) throws -> Void) rethrows {
        try slots.withUnsafeBufferPointer { slots in
            for case let record? in slots { try body(record) }
        }
        for record in unpacked.values { try body(record) }
    }

    /// Whether some record passes the test (records only, as ``forEachRecord(_:)``).
    public func containsRecord(where predicate: (StoreRecord) throws -> Bool) rethrows -> Bool {
        try slots.withUnsafeBufferPointer { slots in
            for case let record? in slots where try predicate(record) { return true }
            return false
        } || unpacked.values.contains(where: predicate)
    }

    public func makeIterator() -> Iterator {
        Iterator(table: self)
    }

    public struct Iterator: IteratorProtocol {
        private let table: StoreTable
        private var slotIndex = 0
        private var unpackedIterator: Dictionary<String, StoreRecord>.Iterator

        init(table: StoreTable) {
            self.table = table
            self.unpackedIterator = table.unpacked.makeIterator()
        }

        public mutating func next() -> (key: String, value: StoreRecord)? {
            while slotIndex < table.slots.count {
                defer { slotIndex += 1 }
                if let record = table.slots[slotIndex] {
                    let key = record.packedID
                    return (key.storeID(keyID: table.keyIDs[key.keyIDIndex]), record)
                }
            }
            return unpackedIterator.next()
        }
    }

    /// Makes room for `count` stores, so that filling the table up to that many never grows
    /// it again (each growth re-places every record): for the replay of a data directory.
    public mutating func reserveCapacity(_ count: Int) {
        var capacity = Swift.max(16, slots.count)
        while count * 4 > capacity * 3 { capacity *= 2 }
        guard capacity > slots.count else { return }
        let old = slots
        slots = Array(repeating: nil, count: capacity)
        for case let record? in old { place(record) }
    }

    // MARK: - Table mechanics

    private mutating func insert(_ record: StoreRecord, storeID: String) {
        guard let key = keyForInsertion(storeID) else {
            unpacked[storeID] = record
            return
        }
        record.packedID = key
        if let slot = slot(of: key) {
            slots[slot] = record
            return
        }
        if (packedCount + 1) * 4 > slots.count * 3 { grow() }
        place(record)
        packedCount += 1
    }

    /// The packed form of an ID whose key ID is already known; nil for other IDs (which then
    /// can only be in `unpacked`, or nowhere).
    private func existingKey(for storeID: String) -> PackedStoreID? {
        guard let keyID = PackedStoreID.keyID(of: storeID),
            let index = keyIDs.firstIndex(where: { $0.utf8.elementsEqual(keyID.utf8) })
        else { return nil }
        return PackedStoreID(storeID: storeID, keyIDIndex: index)
    }

    private mutating func keyForInsertion(_ storeID: String) -> PackedStoreID? {
        guard let keyID = PackedStoreID.keyID(of: storeID) else { return nil }
        if let index = keyIDs.firstIndex(where: { $0.utf8.elementsEqual(keyID.utf8) }) {
            return PackedStoreID(storeID: storeID, keyIDIndex: index)
        }
        guard keyIDs.count < 256, let key = PackedStoreID(storeID: storeID, keyIDIndex: keyIDs.count) else {
            return nil
        }
        keyIDs.append(String(keyID))
        return key
    }

    private var mask: Int { slots.count - 1 }

    private func home(of key: PackedStoreID) -> Int {
        key.bucketHash(seed: seed) & mask
    }

    private func slot(of key: PackedStoreID) -> Int? {
        guard !slots.isEmpty else { return nil }
        var index = home(of: key)
        while let record = slots[index] {
            if record.packedID == key { return index }
            index = (index + 1) & mask
        }
        return nil
    }

    private mutating func place(_ record: StoreRecord) {
        var index = home(of: record.packedID)
        while slots[index] != nil { index = (index + 1) & mask }
        slots[index] = record
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: Swift.max(16, old.count * 2))
        for case let record? in old { place(record) }
    }

    /// Backward-shift deletion: empties the slot, then moves each later entry of the same
    /// probe run into the hole when its home does not lie cyclically after the hole.
    private mutating func removeSlot(_ removed: Int) {
        var hole = removed
        slots[hole] = nil
        packedCount -= 1
        var index = (hole + 1) & mask
        while let record = slots[index] {
            let home = home(of: record.packedID)
            let distanceToHole = (hole - home) & mask
            let distanceToIndex = (index - home) & mask
            if distanceToHole < distanceToIndex {
                slots[hole] = record
                slots[index] = nil
                hole = index
            }
            index = (index + 1) & mask
        }
    }
}
