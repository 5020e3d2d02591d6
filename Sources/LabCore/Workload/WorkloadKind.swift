/// The client workloads of the lab; raw values are the names used on the command line, in
/// scenario files and in `history.jsonl`.
public enum WorkloadKind: String, Sendable, Hashable, CaseIterable {
    /// Increment / decrement counters (commutative; checked for lost acknowledged updates).
    case counter
    /// Read-modify-write of a number under the modify lock (begin-modify, +1, complete-modify).
    case counterReadModifyWrite = "counter-rmw"
    /// Append a unique item to a JSON list under the modify lock.
    case cart
    /// Create with a TTL, update, snapshot, delete (TTL and resurrection).
    case session
    /// create-by-name, lookup-id-by-name and delete-by-name races on a few names.
    case named
    /// Update and snapshot of registers (linearizability).
    case register
    /// Bidders raise one store's highest bid under the modify lock while watchers long-poll it.
    case auction

    /// What the workload exercises, for `--help` and the docs.
    public var summary: String {
        switch self {
        case .counter: "increment/decrement counters; lost acknowledged updates"
        case .counterReadModifyWrite: "begin-modify, +1, complete-modify; lost updates and lock exclusion"
        case .cart: "append unique items to a JSON list under the lock; exact lost-update attribution"
        case .session: "create with TTL, update, snapshot, delete; TTL and no resurrection"
        case .named: "create-by-name / lookup / delete-by-name races"
        case .register: "update and snapshot of registers; linearizability"
        case .auction: "bidders raise one store's bid under the lock, watchers long-poll it; bids and fan-out"
        }
    }
}
