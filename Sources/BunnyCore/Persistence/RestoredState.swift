/// The state read back from a data directory, built by applying its records in order (the
/// newest snapshot, then the log after it). Each record holds a key's whole state, so the
/// last record for a key wins and applying one twice changes nothing.
public struct RestoredState {
    public private(set) var stores: StoreTable
    public private(set) var tombstones: [String: TombstoneSet.Tombstone] = [:]
    public private(set) var names: [String: NameEntry] = [:]
    public private(set) var standing: DurableStanding?
    /// Records applied, for the start-up message.
    public private(set) var recordCount = 0

    /// `storeTableSeed`: the bucket-hash seed of the table the stores are read into, which the
    /// replica then keeps (`StoreTable`).
    public init(storeTableSeed: UInt64 = 0) {
        stores = StoreTable(seed: storeTableSeed)
    }

    /// Room for this many stores in all, so the table does not grow over and over.
    public mutating func reserveCapacity(_ storeCount: Int) {
        stores.reserveCapacity(storeCount)
    }

    public mutating func apply(_ record: DurableRecord) {
        recordCount += 1
        switch record {
        case .standing(let standing):
            self.standing = standing
        case .store(let store):
            stores[store.storeID] = store.makeRecord()
        case .storeDeleted(let storeID, let customerID, let deletedAt):
            stores.removeValue(forKey: storeID)
            if !deletedAt.isUnset {
                tombstones[storeID] = TombstoneSet.Tombstone(customerID: customerID, deletedAt: deletedAt)
            }
        case .name(let entry):
            names[entry.key] = entry
        case .nameRemoved(let customerID, let name):
            names.removeValue(forKey: NameEntry.key(customerID: customerID, name: name))
        }
    }

    /// Drops what has run out while the node was down, as the maintenance sweeps would have:
    /// expired stores (tombstoned at `now`, with the names that point at them) and tombstones
    /// older than `tombstoneLifetime`. Returns the number of stores dropped.
    @discardableResult
    public mutating func dropExpired(at now: WallTime, tombstoneLifetime: Duration) -> Int {
        tombstones = tombstones.filter { now - $0.value.deletedAt <= tombstoneLifetime }
        // Looking at the records alone first: building every ID string (what a filter of the
        // packed table does) would cost more than the rest of the replay.
        guard stores.containsRecord(where: { $0.isExpired(at: now) }) else { return 0 }
        let expired = stores.filter { _, record in record.isExpired(at: now) }
        guard !expired.isEmpty else { return 0 }
        for (storeID, record) in expired {
            stores.removeValue(forKey: storeID)
            tombstones[storeID] = TombstoneSet.Tombstone(customerID: record.customerID, deletedAt: now)
        }
        names = names.filter { _, entry in entry.storeID.isEmpty || expired[entry.storeID] == nil }
        return expired.count
    }
}
