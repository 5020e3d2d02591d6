/// One poll of one node's `/status` from `status.jsonl` (the lab polls every 50 ms).
/// An unreachable node (killed, paused, restarting) has `reachable == false`, empty role and
/// epoch 0.
public struct StatusObservation: Sendable, Hashable {
    public var timeNanoseconds: Int64
    public var node: String
    public var reachable: Bool
    public var role: String
    public var epoch: UInt64
    public var storeCount: Int
    public var queueLength: Int
    public var registryQueueLength: Int
    public var replicationFailCount: Int
    /// `/status` `last_leader_seen`: time since the last accepted heartbeat or, for a PRIMARY,
    /// since it took the lead (promotion or start-up), so `timeNanoseconds - lastLeaderSeen`
    /// dates a promotion more precisely than the 50 ms polling. `nil` when absent or empty.
    public var lastLeaderSeenNanoseconds: Int64?
    /// When the poll was sent (`request_ns`; older run folders: the answer's time). The state
    /// shown held at some instant in [`requestNanoseconds`, `timeNanoseconds`].
    public var requestNanoseconds: Int64

    public init(
        timeNanoseconds: Int64, node: String, reachable: Bool = true, role: String, epoch: UInt64,
        storeCount: Int = 0, queueLength: Int = 0, registryQueueLength: Int = 0, replicationFailCount: Int = 0,
        lastLeaderSeenNanoseconds: Int64? = nil, requestNanoseconds: Int64? = nil
    ) {
        self.timeNanoseconds = timeNanoseconds
        self.node = node
        self.reachable = reachable
        self.role = role
        self.epoch = epoch
        self.storeCount = storeCount
        self.queueLength = queueLength
        self.registryQueueLength = registryQueueLength
        self.replicationFailCount = replicationFailCount
        self.lastLeaderSeenNanoseconds = lastLeaderSeenNanoseconds
        self.requestNanoseconds = requestNanoseconds ?? timeNanoseconds
    }

    public var isPrimary: Bool { reachable && role == "PRIMARY" }
}
