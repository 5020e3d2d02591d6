/// One store in memory. A class so the table holds one pointer per entry and updates happen
/// in place; only the replica's single owner ever touches it.
public final class StoreRecord {
    public let customerID: String
    public let shardID: String
    public var content: StoreContent
    /// `.unset` means the store never expires (possible only through replication).
    public var expiresAt: WallTime
    public var version: UInt64
    /// The epoch in which the content last changed (informational, travels in snapshots).
    public var epoch: UInt64
    /// Locks are rare and short-lived, so they live out of line: one pointer per record.
    private var lockStorage: LockStorage?
    public var lock: StoreLock? {
        get { lockStorage?.lock }
        set { lockStorage = newValue.map(LockStorage.init) }
    }
    /// Set while a create-by-name is between creating the store and committing the name;
    /// drives the orphan sweep (`cluster.md` §9). Empty when none.
    public var pendingName: String
    public var createdAt: WallTime
    public var lastReplicatedAt: WallTime
    /// Whether this node has opened the store's ID with its own key ring (it minted it, or a
    /// replication message carrying it was checked). Then a request from the same customer
    /// need not open it again: with the key ring fixed for the process's life, the answer
    /// would be the same. Stores that arrive in a join snapshot start unverified.
    public var identityVerified = false
    /// The record's ID as the store table packed it (`StoreTable`); set by the table.
    var packedID = PackedStoreID()

    public init(
        customerID: String, shardID: String, content: StoreContent, expiresAt: WallTime, version: UInt64,
        epoch: UInt64, lock: StoreLock? = nil, pendingName: String = "", createdAt: WallTime,
        lastReplicatedAt: WallTime = .unset
    ) {
        self.customerID = customerID
        self.shardID = shardID
        self.content = content
        self.expiresAt = expiresAt
        self.version = version
        self.epoch = epoch
        self.lockStorage = lock.map(LockStorage.init)
        self.pendingName = pendingName
        self.createdAt = createdAt
        self.lastReplicatedAt = lastReplicatedAt
    }

    /// Expired when now is strictly after the expiry; an unset expiry never expires.
    public func isExpired(at now: WallTime) -> Bool {
        !expiresAt.isUnset && now > expiresAt
    }

    /// An unexpired lock, if any.
    public func activeLock(at now: WallTime) -> StoreLock? {
        guard let lock, !lock.isExpired(at: now) else { return nil }
        return lock
    }

    /// Memory cost as the contract counts it: stored bytes + 256.
    public var memoryCost: Int64 { Int64(content.storedLength) + StoreRecord.overheadBytes }

    public static let overheadBytes: Int64 = 256

    public func copy() -> StoreRecord {
        StoreRecord(
            customerID: customerID, shardID: shardID, content: content, expiresAt: expiresAt, version: version,
            epoch: epoch, lock: lock, pendingName: pendingName, createdAt: createdAt,
            lastReplicatedAt: lastReplicatedAt)
    }
}

private final class LockStorage {
    let lock: StoreLock

    init(_ lock: StoreLock) {
        self.lock = lock
    }
}
