/// Deleted store IDs and when they were deleted (`cluster.md` §9), with per-customer counts
/// for the limits. Unlike the reference, replication consults them: a late CREATE or UPDATE
/// for a tombstoned ID is ignored (DECISIONS 29).
public struct TombstoneSet {
    public struct Tombstone: Equatable, Sendable {
        public var customerID: String
        public var deletedAt: WallTime
    }

    public let customerLimit: Int
    public let globalLimit: Int
    public private(set) var tombstones: [String: Tombstone] = [:]
    private var countByCustomer: [String: Int] = [:]

    public init(customerLimit: Int, globalLimit: Int) {
        self.customerLimit = customerLimit
        self.globalLimit = globalLimit
    }

    public var count: Int { tombstones.count }

    public func contains(_ storeID: String) -> Bool { tombstones[storeID] != nil }

    public func count(for customerID: String) -> Int { countByCustomer[customerID] ?? 0 }

    /// Whether a client delete may add one more tombstone for this customer.
    public func admitsAnother(for customerID: String) -> Bool {
        if globalLimit > 0, tombstones.count >= globalLimit { return false }
        if customerLimit > 0, count(for: customerID) >= customerLimit { return false }
        return true
    }

    public mutating func record(storeID: String, customerID: String, at time: WallTime) {
        if let previous = tombstones.updateValue(Tombstone(customerID: customerID, deletedAt: time), forKey: storeID)
        {
            countByCustomer[previous.customerID, default: 1] -= 1
        }
        countByCustomer[customerID, default: 0] += 1
    }

    /// Drops tombstones older than `lifetime` (24 h), checked every 60 s.
    public mutating func sweep(at now: WallTime, lifetime: Duration) {
        for (storeID, tombstone) in tombstones where now - tombstone.deletedAt > lifetime {
            tombstones.removeValue(forKey: storeID)
            let remaining = count(for: tombstone.customerID) - 1
            if remaining <= 0 {
                countByCustomer.removeValue(forKey: tombstone.customerID)
            } else {
                countByCustomer[tombstone.customerID] = remaining
            }
        }
    }

    /// Replaces the whole set (a join snapshot). Per-customer counts are rebuilt.
    public mutating func replace(with entries: [(storeID: String, tombstone: Tombstone)]) {
        tombstones.removeAll()
        countByCustomer.removeAll()
        for entry in entries {
            record(storeID: entry.storeID, customerID: entry.tombstone.customerID, at: entry.tombstone.deletedAt)
        }
    }
}
