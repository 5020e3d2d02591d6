/// A message of the store replication channel (`POST /internal/replicate`,
/// `internal-protocol.md` §7). Field meanings follow the wire; empty strings and zero values
/// are "absent" there.
public struct StoreReplicationMessage: Equatable, Sendable {
    public enum Kind: Int, Sendable {
        case createStore = 0
        case updateStore = 1
        case deleteStore = 2
        case lockAcquired = 3
        case lockReleased = 4
    }

    public var kind: Kind
    public var storeID: String
    public var shardID: String
    public var customerID: String
    /// 0 blob, 1 counter.
    public var dataType: Int
    public var body: [UInt8]
    public var expiresAt: WallTime
    public var version: UInt64
    public var leaderEpoch: UInt64
    public var lockID: String
    public var lockTimeout: Duration
    public var pendingName: String
    public var tombstone: Bool
    public var sourceHost: String
    public var timestamp: WallTime

    public init(
        kind: Kind, storeID: String, shardID: String, customerID: String, dataType: Int = 0, body: [UInt8] = [],
        expiresAt: WallTime = .unset, version: UInt64 = 0, leaderEpoch: UInt64 = 0, lockID: String = "",
        lockTimeout: Duration = .zero, pendingName: String = "", tombstone: Bool = false, sourceHost: String = "",
        timestamp: WallTime = .unset
    ) {
        self.kind = kind
        self.storeID = storeID
        self.shardID = shardID
        self.customerID = customerID
        self.dataType = dataType
        self.body = body
        self.expiresAt = expiresAt
        self.version = version
        self.leaderEpoch = leaderEpoch
        self.lockID = lockID
        self.lockTimeout = lockTimeout
        self.pendingName = pendingName
        self.tombstone = tombstone
        self.sourceHost = sourceHost
        self.timestamp = timestamp
    }
}
