/// Where stores that went cold live: a synchronous map from store ID to a store's whole
/// state, outside the replica's hot table (`--hot-memory-limit`).
///
/// The replica calls it when it evicts a store (`put`), when a lookup misses the hot table
/// (`take` to promote, `read` to look without promoting), when a cold store is deleted or
/// expires, and for join snapshots. The daemon's implementation is `FileColdStoreTier` (one
/// file per slot size, a compact index in memory); tests use an in-memory one. Calls are
/// synchronous because the replica is: the file tier answers from the page cache in
/// microseconds, and a cold read is the price of the store having been idle.
///
/// The tier holds no locks and no pending names: the replica never evicts a store with either.
/// A store is in the hot table or in the tier, never both.
public protocol ColdStoreTier: AnyObject {
    /// Stores held.
    var count: Int { get }
    /// Process memory the tier keeps for the stores it holds (its index), counted against the
    /// hot limit so that resident memory stays bounded as the cold set grows.
    var residentBytes: Int64 { get }
    /// Writes a store under its ID (the ID must not be held yet). On failure nothing changed
    /// and the replica keeps the store hot.
    func put(storeID: String, record: StoreRecord) throws(ColdTierError)
    /// The store, if held, left in the tier.
    func read(storeID: String) -> StoreRecord?
    /// The store, if held, removed from the tier.
    func take(storeID: String) -> StoreRecord?
    /// Whether a store with this ID is held.
    func contains(storeID: String) -> Bool
    /// Stores whose expiry is at or before `now`, at most `limit` of them. May include stores
    /// that have not quite expired (the file tier keeps expiries to the second): the replica
    /// checks each.
    func expiryCandidates(at now: WallTime, limit: Int) -> [(storeID: String, record: StoreRecord)]
    /// Every store held, in an order that depends only on the tier's contents.
    func forEachStore(_ body: (String, StoreRecord) -> Void)
    /// Drops every store (a join replaces the whole state).
    func removeAll()
}

/// Why the cold tier could not do something. Every case says what and where, for the log.
public enum ColdTierError: Error, Equatable, CustomStringConvertible {
    /// The store's encoded form is larger than the largest slot.
    case recordTooLarge(storeID: String, bytes: Int)
    /// A read, write or open failed.
    case input(path: String, operation: String, reason: String)
    /// A slot's checksum or layout is wrong: the file was changed under the daemon.
    case corruptRecord(path: String, slot: Int, reason: String)
    /// Another process holds the file.
    case inUse(path: String)

    public var description: String {
        switch self {
        case .recordTooLarge(let storeID, let bytes):
            return "store \(storeID) is too large for the cold tier (\(bytes) bytes encoded)"
        case .input(let path, let operation, let reason): return "cold tier: \(operation) \(path): \(reason)"
        case .corruptRecord(let path, let slot, let reason):
            return "cold tier: corrupt record in \(path), slot \(slot): \(reason)"
        case .inUse(let path): return "cold tier: \(path) is in use by another process"
        }
    }
}
