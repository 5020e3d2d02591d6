/// A message of the registry replication channel (`POST /internal/replicate-registry`,
/// `internal-protocol.md` §8).
public struct RegistryReplicationMessage: Equatable, Sendable {
    public enum Kind: Int, Sendable {
        case reserve = 9
        case commit = 10
        case abort = 11
        case delete = 12
    }

    public var kind: Kind
    public var customerID: String
    public var name: String
    public var storeID: String
    /// 0 creating, 1 active, 2 deleting (0 for abort and delete).
    public var state: Int
    public var expiresAt: WallTime
    public var reservationID: String
    public var leaderEpoch: UInt64
    public var version: UInt64
    public var sourceHost: String
    public var timestamp: WallTime

    public init(
        kind: Kind, customerID: String, name: String, storeID: String = "", state: Int = 0,
        expiresAt: WallTime = .unset, reservationID: String = "", leaderEpoch: UInt64 = 0, version: UInt64 = 0,
        sourceHost: String = "", timestamp: WallTime = .unset
    ) {
        self.kind = kind
        self.customerID = customerID
        self.name = name
        self.storeID = storeID
        self.state = state
        self.expiresAt = expiresAt
        self.reservationID = reservationID
        self.leaderEpoch = leaderEpoch
        self.version = version
        self.sourceHost = sourceHost
        self.timestamp = timestamp
    }
}
