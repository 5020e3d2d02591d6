/// `POST /internal/heartbeat` request body (`internal-protocol.md` §6).
public struct HeartbeatMessage: Equatable, Sendable {
    public var hostID: String
    public var site: String
    public var address: String
    public var leaderEpoch: UInt64
    public var storeCount: Int
    public var memoryUsage: Int64
    public var timestamp: WallTime

    public init(
        hostID: String, site: String, address: String, leaderEpoch: UInt64, storeCount: Int, memoryUsage: Int64,
        timestamp: WallTime
    ) {
        self.hostID = hostID
        self.site = site
        self.address = address
        self.leaderEpoch = leaderEpoch
        self.storeCount = storeCount
        self.memoryUsage = memoryUsage
        self.timestamp = timestamp
    }
}

/// The heartbeat acknowledgement (`internal-protocol.md` §6).
public struct HeartbeatAcknowledgement: Equatable, Sendable {
    public var hostID: String
    public var site: String
    public var leaderEpoch: UInt64
    public var lastSeenLeader: WallTime
    public var timestamp: WallTime

    public init(hostID: String, site: String, leaderEpoch: UInt64, lastSeenLeader: WallTime, timestamp: WallTime) {
        self.hostID = hostID
        self.site = site
        self.leaderEpoch = leaderEpoch
        self.lastSeenLeader = lastSeenLeader
        self.timestamp = timestamp
    }
}
