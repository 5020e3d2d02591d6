/// What `GET /status` reports (`api.md` §5.12, DECISIONS 21).
public struct ReplicaStatus: Equatable, Sendable {
    public var hostID: String
    public var role: ReplicaRole
    public var leaderEpoch: UInt64
    /// Time since the last lease refresh; `nil` when never set.
    public var lastLeaderSeen: Duration?
    public var storeCount: Int
    public var memoryUsage: Int64
    /// Host ID → time since its last heartbeat (or acknowledgement), sorted by host ID.
    public var peers: [(hostID: String, sinceLastSeen: Duration)]
    public var tombstoneCount: Int
    public var queueLength: Int
    public var registryQueueLength: Int
    public var replicationFailCount: Int
    /// Time since the last failed replication round; `nil` if none ever.
    public var lastReplicationFailure: Duration?
    public var registryCount: Int
    /// Non-zero counts only, keyed by `creating` / `active` / `deleting`.
    public var registryStates: [(state: String, count: Int)]
    /// The cold tier's figures; nil without `--hot-memory-limit`.
    public var coldTier: ColdTierStatus? = nil
    /// With `--data-dir` only: the node's standing (`DurableStanding`), which a restarted
    /// peer compares with its own. Absent from the JSON without persistence.
    public var durableStanding: DurableStanding? = nil

    public static func == (left: ReplicaStatus, right: ReplicaStatus) -> Bool {
        left.hostID == right.hostID && left.role == right.role && left.leaderEpoch == right.leaderEpoch
            && left.lastLeaderSeen == right.lastLeaderSeen && left.storeCount == right.storeCount
            && left.memoryUsage == right.memoryUsage
            && left.peers.map(\.hostID) == right.peers.map(\.hostID)
            && left.peers.map(\.sinceLastSeen) == right.peers.map(\.sinceLastSeen)
            && left.tombstoneCount == right.tombstoneCount && left.queueLength == right.queueLength
            && left.registryQueueLength == right.registryQueueLength
            && left.replicationFailCount == right.replicationFailCount
            && left.lastReplicationFailure == right.lastReplicationFailure
            && left.registryCount == right.registryCount
            && left.registryStates.map(\.state) == right.registryStates.map(\.state)
            && left.registryStates.map(\.count) == right.registryStates.map(\.count)
            && left.coldTier == right.coldTier
    }
}
