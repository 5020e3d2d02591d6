/// One name of the registry (`cluster.md` §10), keyed by customer and name.
public struct NameEntry: Equatable, Sendable {
    public enum State: Int, Sendable {
        case creating = 0
        case active = 1
        case deleting = 2

        public var name: String {
            switch self {
            case .creating: return "creating"
            case .active: return "active"
            case .deleting: return "deleting"
            }
        }
    }

    public var customerID: String
    public var name: String
    /// Empty while creating.
    public var storeID: String
    public var state: State
    public var expiresAt: WallTime
    public var reservationID: String
    public var reservedAt: WallTime
    public var epoch: UInt64
    public var version: UInt64

    public init(
        customerID: String, name: String, storeID: String, state: State, expiresAt: WallTime, reservationID: String,
        reservedAt: WallTime, epoch: UInt64, version: UInt64
    ) {
        self.customerID = customerID
        self.name = name
        self.storeID = storeID
        self.state = state
        self.expiresAt = expiresAt
        self.reservationID = reservationID
        self.reservedAt = reservedAt
        self.epoch = epoch
        self.version = version
    }

    /// The registry key: `customer + ":" + name`.
    public var key: String { NameEntry.key(customerID: customerID, name: name) }

    public static func key(customerID: String, name: String) -> String { customerID + ":" + name }
}
