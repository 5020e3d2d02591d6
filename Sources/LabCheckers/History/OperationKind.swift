/// The public-API call an operation made; raw values are the `bbd` CLI subcommand names.
public enum OperationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case create
    case createByName = "create-by-name"
    case counterCreate = "counter-create"
    case snapshot
    case update
    case delete
    case deleteByName = "delete-by-name"
    case lookupByName = "lookup-id-by-name"
    case beginModify = "begin-modify"
    case completeModify = "complete-modify"
    case cancelModify = "cancel-modify"
    case increment = "counter-increment"
    case decrement = "counter-decrement"
    case counterGet = "counter-get"
    /// A long poll until the store's version passes the one the client holds (`bbd watch`).
    case watch

    /// Whether the call changes state when it succeeds (a begin-modify takes a lock, which the
    /// lock checker treats as a write).
    public var isWrite: Bool {
        switch self {
        case .snapshot, .lookupByName, .counterGet, .watch: false
        default: true
        }
    }
}
