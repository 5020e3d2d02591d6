/// One entry of the data directory's files (`docs/architecture.md`, "Persistence"). A record
/// carries the whole current state of one key — a store, a tombstone, a name — never a
/// delta, so replay is "last record for a key wins" and applying a record twice is harmless.
public enum DurableRecord: Equatable, Sendable {
    /// The node's standing (epoch and role) from this point on.
    case standing(DurableStanding)
    /// A store's whole content. Locks are not kept: they last 500 ms, far less than a restart.
    case store(DurableStore)
    /// A store was deleted: its tombstone (the store itself is gone).
    case storeDeleted(storeID: String, customerID: String, deletedAt: WallTime)
    /// A name's whole registry entry.
    case name(NameEntry)
    /// A name was removed from the registry.
    case nameRemoved(customerID: String, name: String)
}

/// A store as it is written to disk.
public struct DurableStore: Equatable, Sendable {
    public var storeID: String
    public var customerID: String
    public var shardID: String
    public var content: StoreContent
    public var expiresAt: WallTime
    public var version: UInt64
    public var epoch: UInt64
    public var pendingName: String
    public var createdAt: WallTime

    public init(
        storeID: String, customerID: String, shardID: String, content: StoreContent, expiresAt: WallTime,
        version: UInt64, epoch: UInt64, pendingName: String, createdAt: WallTime
    ) {
        self.storeID = storeID
        self.customerID = customerID
        self.shardID = shardID
        self.content = content
        self.expiresAt = expiresAt
        self.version = version
        self.epoch = epoch
        self.pendingName = pendingName
        self.createdAt = createdAt
    }

    public init(storeID: String, record: StoreRecord) {
        self.init(
            storeID: storeID, customerID: record.customerID, shardID: record.shardID, content: record.content,
            expiresAt: record.expiresAt, version: record.version, epoch: record.epoch,
            pendingName: record.pendingName, createdAt: record.createdAt)
    }

    /// The in-memory record (unlocked; its identity is checked again on first use).
    public func makeRecord() -> StoreRecord {
        StoreRecord(
            customerID: customerID, shardID: shardID, content: content, expiresAt: expiresAt, version: version,
            epoch: epoch, pendingName: pendingName, createdAt: createdAt)
    }
}
