import BunnyClient
import LabCheckers
import LabCore

/// One workload's behaviour: the stores it sets up, one client step, and the final reads
/// after the quiet period. Drivers are stateless apart from their shared ``KeyDirectory``;
/// each client keeps its own ``WorkloadClientState``.
protocol WorkloadDriver: Sendable {
    var specification: WorkloadSpecification { get }
    /// The client number of the set-up and final-read operations; the workload's clients are
    /// `clientBase + 1 … clientBase + clients`.
    var clientBase: Int { get }
    /// How the workload's keys (and names) begin: `counter`, `cart`, `rmw`, `session`, `name`,
    /// `register`; with `.2`, `.3`… for a second or third workload of the same kind, so keys
    /// stay unique in the run's history.
    var keyPrefix: String { get }
    func setUp(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async
    func step(
        client: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64) async
    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async
    /// Tasks that run beside the clients, unpaced (the auction's watchers).
    var watcherCount: Int { get }
    /// One watch of watcher `watcher` (`1…watcherCount`); `false` when the watcher is done.
    func watch(
        watcher: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async -> Bool
}

/// What one client remembers between steps.
struct WorkloadClientState: Sendable {
    var sequence = 0
    /// Session slot → the store currently in it.
    var sessions: [Int: KeyDirectory.Entry] = [:]
    /// A watcher: the store version it holds, and which node of the pair it watches.
    var knownVersion: Int64 = 0
    var watchNode = 0
    var watchFailures = 0

    /// A value no other operation of the run writes: `c<client>s<sequence>`.
    mutating func uniqueValue(client: Int) -> String {
        sequence += 1
        return "c\(client)s\(sequence)"
    }
}

extension WorkloadDriver {
    var workloadName: String { specification.kind.rawValue }

    var watcherCount: Int { 0 }

    func watch(
        watcher: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async -> Bool { false }

    func template(
        client: Int, kind: OperationKind, key: String, store: String? = nil, workload: String? = nil
    ) -> HistoryOperation {
        HistoryOperation(
            id: 0, client: client, workload: workload ?? workloadName, kind: kind, key: key, store: store, node: "",
            invokeNanoseconds: 0, completeNanoseconds: 0, outcome: .fail)
    }

    func slot(_ random: inout LinkRandomGenerator) -> Int { Int(random.next() % UInt64(specification.keys)) }

    /// A number in 0..<100, for choosing among operations.
    func percent(_ random: inout LinkRandomGenerator) -> UInt64 { random.next() % 100 }
}

extension WorkloadDriver {
    /// The begin step of a modify cycle, with retries; the lock and the content read are
    /// recorded. Returns the lock when acknowledged.
    func beginModify(
        entry: KeyDirectory.Entry, client: Int, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async -> ModifyLock? {
        await context.callWithRetries(
            template(client: client, kind: .beginModify, key: entry.key, store: entry.store), pair: specification.pair,
            target: specification.target, random: &random, deadline: deadline,
            { client throws(BunnyClientError) in
                try await client.beginModify(storeID: entry.store, customer: WorkloadContext.customer)
            },
            onSuccess: { lock, operation in
                operation.lock = lock.lockID
                operation.read = String(decoding: lock.body, as: UTF8.self)
            }
        ).value
    }

    /// The complete step of a modify cycle, with retries; a `DegradedWrite` warning is recorded.
    func completeModify(
        _ completion: HistoryOperation, entry: KeyDirectory.Entry, lockID: String, content: [UInt8],
        context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64
    ) async {
        _ = await context.callWithRetries(
            completion, pair: specification.pair, target: specification.target, random: &random, deadline: deadline,
            { client throws(BunnyClientError) in
                try await client.completeModify(
                    storeID: entry.store, lockID: lockID, customer: WorkloadContext.customer, body: content)
            },
            onSuccess: { acknowledgement, operation in
                operation.degraded = acknowledgement.warning?.contains("DegradedWrite") ?? false
            })
    }

    /// Gives a modify lock back (one attempt: a lost cancel only lets the lock run out).
    func cancelModify(
        entry: KeyDirectory.Entry, lockID: String, client: Int, context: WorkloadContext,
        random: inout LinkRandomGenerator
    ) async {
        var operation = template(client: client, kind: .cancelModify, key: entry.key, store: entry.store)
        operation.lock = lockID
        let node = context.directory.node(pair: specification.pair, target: specification.target, random: &random)
        _ = await context.call(operation, node: node) { client throws(BunnyClientError) in
            try await client.cancelModify(storeID: entry.store, lockID: lockID, customer: WorkloadContext.customer)
        }
    }
}

extension WorkloadDriver {
    /// A create (plain, counter or by name) with retries; the operation records the store ID
    /// the answer names. Returns that ID when acknowledged.
    func createStore(
        _ operation: HistoryOperation, target: WorkloadSpecification.Target, context: WorkloadContext,
        random: inout LinkRandomGenerator, deadline: Int64,
        _ send: (BunnyClient) async throws(BunnyClientError) -> CreatedStore
    ) async -> String? {
        let created = await context.callWithRetries(
            operation, pair: specification.pair, target: target, random: &random, deadline: deadline, send,
            onSuccess: { created, operation in operation.store = created.storeID })
        return created.value?.storeID
    }

    /// A snapshot of `entry` with retries, the content read recorded; `workload` `final` marks
    /// the reads after the quiet period (sent to the PRIMARY).
    @discardableResult
    func snapshot(
        _ entry: KeyDirectory.Entry, client: Int, workload: String? = nil, context: WorkloadContext,
        random: inout LinkRandomGenerator, deadline: Int64
    ) async -> HistoryOperation {
        let store = entry.store
        let call = await context.callWithRetries(
            template(client: client, kind: .snapshot, key: entry.key, store: store, workload: workload),
            pair: specification.pair, target: workload == nil ? specification.target : .primary, random: &random,
            deadline: deadline,
            { client throws(BunnyClientError) in
                try await client.snapshot(storeID: store, customer: WorkloadContext.customer)
            },
            onSuccess: { snapshot, operation in operation.read = String(decoding: snapshot.body, as: UTF8.self) })
        return call.operation
    }
}
