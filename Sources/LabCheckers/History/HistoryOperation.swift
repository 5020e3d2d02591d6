/// One client operation of a run: its invocation and its completion on the lab's monotonic
/// clock, where it went and what came back. One line of `history.jsonl`.
///
/// Field meanings by kind (absent fields are `nil`):
///
/// | kind | `delta` | `counter` | `data` | `read` | `item` | `lock` | `ttlMilliseconds` | `name` |
/// |---|---|---|---|---|---|---|---|---|
/// | counter-create | | initial value | | | | | | |
/// | counter-increment / -decrement | amount (positive) | value after, when ok | | | | | | |
/// | counter-get | | value read | | | | | | |
/// | create | | | content written | | | | TTL | |
/// | create-by-name | | | content | | | | TTL | the name |
/// | lookup-id-by-name / delete-by-name | | | | | | | | the name |
/// | update | | | content written | | | | | |
/// | snapshot | | | | content read | | | | |
/// | begin-modify | | | | content read (the body answered) | | lock ID granted | | |
/// | complete-modify | | | content written | | cart item appended | lock ID used | | |
/// | cancel-modify | | | | | | lock ID used | | |
/// | watch | | | | content answered (`200`) | | | | |
///
/// `version` is the store version a watch answered (`BigBunny-Version`, on `200` and on the
/// `204` of a wait that ended unchanged, which carries `status` 204).
///
/// `store` is the store ID the call addressed or, for creates, the ID it returned. `key` is
/// the workload's own name for the object (`counter-3`, `cart-0`, `register-17`, a store
/// name), stable across retries and re-creations, so checkers group by it.
public struct HistoryOperation: Sendable, Hashable {
    /// Unique in the run, increasing in invocation order.
    public var id: Int
    /// The client task (a "process" in linearizability terms); one operation at a time each.
    public var client: Int
    /// The workload that issued it: `counter`, `counter-rmw`, `cart`, `session`, `named`,
    /// `register`, or `final` for the reads after the quiet period.
    public var workload: String
    public var kind: OperationKind
    public var key: String
    public var store: String?
    /// The node whose Unix socket received the request.
    public var node: String
    /// Lab-clock nanoseconds when the request was about to be written.
    public var invokeNanoseconds: Int64
    /// Lab-clock nanoseconds when the answer (or the failure) came back.
    public var completeNanoseconds: Int64
    public var outcome: OperationOutcome
    /// HTTP status of the answer, when one came.
    public var status: Int?
    /// The `BigBunny-Error` code or a short transport reason (`timeout`, `connection-closed`).
    public var error: String?
    /// Whether the error catalogue calls the failure retryable.
    public var retryable: Bool?
    /// 1 for the first try; a retry repeats the key and kind with the next number.
    public var attempt: Int
    /// The `id` of the attempt this one retries.
    public var retryOf: Int?
    /// Whether the answer carried `BigBunny-Warning: DegradedWrite`.
    public var degraded: Bool
    public var delta: Int64?
    public var counter: Int64?
    public var data: String?
    public var read: String?
    public var item: String?
    public var lock: String?
    public var ttlMilliseconds: Int64?
    public var name: String?
    public var version: Int64?

    public init(
        id: Int, client: Int, workload: String, kind: OperationKind, key: String, store: String? = nil,
        node: String, invokeNanoseconds: Int64, completeNanoseconds: Int64, outcome: OperationOutcome,
        status: Int? = nil, error: String? = nil, retryable: Bool? = nil, attempt: Int = 1, retryOf: Int? = nil,
        degraded: Bool = false, delta: Int64? = nil, counter: Int64? = nil, data: String? = nil,
        read: String? = nil, item: String? = nil, lock: String? = nil, ttlMilliseconds: Int64? = nil,
        name: String? = nil, version: Int64? = nil
    ) {
        self.id = id
        self.client = client
        self.workload = workload
        self.kind = kind
        self.key = key
        self.store = store
        self.node = node
        self.invokeNanoseconds = invokeNanoseconds
        self.completeNanoseconds = completeNanoseconds
        self.outcome = outcome
        self.status = status
        self.error = error
        self.retryable = retryable
        self.attempt = attempt
        self.retryOf = retryOf
        self.degraded = degraded
        self.delta = delta
        self.counter = counter
        self.data = data
        self.read = read
        self.item = item
        self.lock = lock
        self.ttlMilliseconds = ttlMilliseconds
        self.name = name
        self.version = version
    }

    /// Whether the operation may have taken effect (acknowledged, or unknown).
    public var mayHaveHappened: Bool { outcome != .fail }
}
