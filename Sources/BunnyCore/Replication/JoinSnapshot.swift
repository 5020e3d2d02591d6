/// The full state a primary hands a joining node (`internal-protocol.md` §9).
public struct JoinSnapshot: Equatable, Sendable {
    /// A store as it travels in a snapshot (capitalised record fields on the wire).
    public struct Store: Equatable, Sendable {
        public var storeID: String
        public var shardID: String
        public var customerID: String
        public var dataType: Int
        public var body: [UInt8]
        public var expiresAt: WallTime
        public var version: UInt64
        public var leaderEpoch: UInt64
        public var lock: StoreLock?
        /// 0 primary, 1 secondary; informational.
        public var role: Int
        public var lastReplicatedAt: WallTime
        public var pendingName: String
        public var createdAt: WallTime

        public init(
            storeID: String, shardID: String, customerID: String, dataType: Int, body: [UInt8], expiresAt: WallTime,
            version: UInt64, leaderEpoch: UInt64, lock: StoreLock?, role: Int, lastReplicatedAt: WallTime,
            pendingName: String, createdAt: WallTime
        ) {
            self.storeID = storeID
            self.shardID = shardID
            self.customerID = customerID
            self.dataType = dataType
            self.body = body
            self.expiresAt = expiresAt
            self.version = version
            self.leaderEpoch = leaderEpoch
            self.lock = lock
            self.role = role
            self.lastReplicatedAt = lastReplicatedAt
            self.pendingName = pendingName
            self.createdAt = createdAt
        }
    }

    public struct Tombstone: Equatable, Sendable {
        public var storeID: String
        public var deletedAt: WallTime

        public init(storeID: String, deletedAt: WallTime) {
            self.storeID = storeID
            self.deletedAt = deletedAt
        }
    }

    public var stores: [Store]
    public var tombstones: [Tombstone]
    public var registry: [NameEntry]
    public var hasRegistry: Bool
    public var leaderEpoch: UInt64
    public var site: String
    public var hostID: String

    public init(
        stores: [Store], tombstones: [Tombstone], registry: [NameEntry], hasRegistry: Bool, leaderEpoch: UInt64,
        site: String, hostID: String
    ) {
        self.stores = stores
        self.tombstones = tombstones
        self.registry = registry
        self.hasRegistry = hasRegistry
        self.leaderEpoch = leaderEpoch
        self.site = site
        self.hostID = hostID
    }
}
