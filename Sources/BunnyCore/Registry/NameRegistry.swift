/// The name registry: entries by (customer, name), plus a reverse index from store ID to the
/// ACTIVE entry that names it (a store has at most one name).
public struct NameRegistry {
    public private(set) var entries: [String: NameEntry] = [:]
    private var activeKeyByStoreID: [String: String] = [:]

    public init() {}

    public var count: Int { entries.count }

    public func entry(customerID: String, name: String) -> NameEntry? {
        entries[NameEntry.key(customerID: customerID, name: name)]
    }

    public func activeEntry(forStoreID storeID: String) -> NameEntry? {
        activeKeyByStoreID[storeID].flatMap { entries[$0] }
    }

    /// Counts per state, for `/status`.
    public var countsByState: [NameEntry.State: Int] {
        var counts: [NameEntry.State: Int] = [:]
        for entry in entries.values { counts[entry.state, default: 0] += 1 }
        return counts
    }

    /// Inserts or replaces an entry, keeping the reverse index right.
    /// Returns false (and changes nothing) if an ACTIVE entry would name a store that another
    /// key already names.
    @discardableResult
    public mutating func put(_ entry: NameEntry) -> Bool {
        let key = entry.key
        if entry.state == .active, !entry.storeID.isEmpty, let owner = activeKeyByStoreID[entry.storeID], owner != key
        {
            return false
        }
        remove(key: key)
        entries[key] = entry
        if entry.state == .active, !entry.storeID.isEmpty { activeKeyByStoreID[entry.storeID] = key }
        return true
    }

    @discardableResult
    public mutating func remove(customerID: String, name: String) -> NameEntry? {
        remove(key: NameEntry.key(customerID: customerID, name: name))
    }

    @discardableResult
    private mutating func remove(key: String) -> NameEntry? {
        guard let previous = entries.removeValue(forKey: key) else { return nil }
        if previous.state == .active, activeKeyByStoreID[previous.storeID] == key {
            activeKeyByStoreID.removeValue(forKey: previous.storeID)
        }
        return previous
    }

    public mutating func removeAll() {
        entries.removeAll()
        activeKeyByStoreID.removeAll()
    }

    /// Entries in key order, for snapshots and tests (never depend on dictionary order).
    public var sortedEntries: [NameEntry] { entries.keys.sorted().map { entries[$0]! } }
}
