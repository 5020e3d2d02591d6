/// The routes of the public API (`api.md` §4), with their path parameter.
public enum PublicEndpoint: Equatable, Sendable {
    case create
    case createByName(name: String)
    case delete(storeID: String)
    case deleteByName(name: String)
    case lookupIDByName(name: String)
    case snapshot(storeID: String)
    case beginModify(storeID: String)
    case completeModify(storeID: String)
    case cancelModify(storeID: String)
    case update(storeID: String)
    case increment(storeID: String)
    case decrement(storeID: String)
    /// Our addition: a long poll that answers when the store's version passes the one the
    /// client holds (`Replica.watch`).
    case watch(storeID: String)

    /// The store the request names, if it names one by ID.
    public var storeID: String? {
        switch self {
        case .delete(let storeID), .snapshot(let storeID), .beginModify(let storeID), .completeModify(let storeID),
            .cancelModify(let storeID), .update(let storeID), .increment(let storeID), .decrement(let storeID),
            .watch(let storeID):
            return storeID
        case .create, .createByName, .deleteByName, .lookupIDByName:
            return nil
        }
    }

    /// Primary-only endpoints are forwarded by a non-primary (`api.md` §10).
    public var isPrimaryOnly: Bool {
        switch self {
        case .snapshot, .lookupIDByName, .watch: return false
        default: return true
        }
    }

    /// Whether the endpoint reads a request body (and so can answer 413).
    public var readsBody: Bool {
        switch self {
        case .create, .createByName, .completeModify, .update, .increment, .decrement: return true
        default: return false
        }
    }

    /// The endpoint's name in metrics and logs.
    public var name: String {
        switch self {
        case .create: return "create"
        case .createByName: return "create-by-name"
        case .delete: return "delete"
        case .deleteByName: return "delete-by-name"
        case .lookupIDByName: return "lookup-id-by-name"
        case .snapshot: return "snapshot"
        case .beginModify: return "begin-modify"
        case .completeModify: return "complete-modify"
        case .cancelModify: return "cancel-modify"
        case .update: return "update"
        case .increment: return "increment"
        case .decrement: return "decrement"
        case .watch: return "watch"
        }
    }
}
