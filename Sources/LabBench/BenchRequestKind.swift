/// The HTTP requests a bench sends (`modify` is two of them per cycle).
public enum BenchRequestKind: Int, CaseIterable, Sendable {
    case snapshot, update, create, increment, beginModify, completeModify

    /// The path segment after `/api/v1/`.
    public var endpoint: String {
        switch self {
        case .snapshot: "snapshot"
        case .update: "update"
        case .create: "create"
        case .increment: "increment"
        case .beginModify: "begin-modify"
        case .completeModify: "complete-modify"
        }
    }
}
