import BunnyClient
import LabCheckers
import LabCore

/// What every workload client shares in a run: the lab clock, the recorder, one client per
/// node, and where to send requests. Watchers (the `auction`'s long polls) get clients of
/// their own, so thousands of parked watches never hold up a bidder's request.
struct WorkloadContext: Sendable {
    static let customer = "lab"
    static let maximumAttempts = 4

    let clock: LabClock
    let recorder: HistoryRecorder
    var clients: [String: BunnyClient]
    let directory: LeaderDirectory
    /// Node name → the client whose connections the watchers' long polls use.
    var watchClients: [String: BunnyClient] = [:]

    /// The same context sending through the watchers' clients.
    var watching: WorkloadContext {
        var copy = self
        copy.clients = watchClients
        return copy
    }

    /// The answer (when ok) and the recorded operation of one call.
    struct Call<Value: Sendable>: Sendable {
        var operation: HistoryOperation
        var value: Value?
        var isRetryableFailure: Bool
        var retryAfterSeconds: Int?
    }

    /// Sends one request to `node`, times it on the lab clock and records it.
    func call<Value: Sendable>(
        _ template: HistoryOperation, node: String,
        _ send: (BunnyClient) async throws(BunnyClientError) -> Value,
        onSuccess: (Value, inout HistoryOperation) -> Void = { _, _ in }
    ) async -> Call<Value> {
        var operation = template
        operation.node = node
        (operation.id, operation.invokeNanoseconds) = recorder.beginOperation(clock: clock)
        guard let client = clients[node] else {
            operation.completeNanoseconds = operation.invokeNanoseconds
            operation.outcome = .fail
            operation.error = "unknown-node"
            recorder.record(operation)
            return Call(operation: operation, value: nil, isRetryableFailure: false)
        }
        do {
            let value = try await send(client)
            operation.completeNanoseconds = clock.now()
            operation.outcome = .ok
            onSuccess(value, &operation)
            recorder.record(operation)
            return Call(operation: operation, value: value, isRetryableFailure: false)
        } catch {
            operation.completeNanoseconds = clock.now()
            let classification = OutcomeClassifier.classify(error, isWrite: operation.kind.isWrite)
            operation.outcome = classification.outcome
            operation.status = classification.status
            operation.error = classification.error
            operation.retryable = classification.retryable
            recorder.record(operation)
            return Call(
                operation: operation, value: nil,
                isRetryableFailure: classification.retryable && classification.outcome == .fail,
                retryAfterSeconds: classification.retryAfterSeconds)
        }
    }

    /// ``call(_:node:_:onSuccess:)`` with retries of definite, retryable failures (the error
    /// catalogue's 503s, 429, StoreLocked, LockStateUnknown), each attempt recorded with its
    /// number and the `id` it retries. The node is chosen again before each attempt, so a
    /// retry after `LeaderChanged` goes to the new leader. Waits honour `Retry-After`, capped
    /// at `maximumRetryWait`, so that clients keep probing through a failover.
    func callWithRetries<Value: Sendable>(
        _ template: HistoryOperation, pair: Int, target: WorkloadSpecification.Target,
        random: inout LinkRandomGenerator, deadline: Int64,
        _ send: (BunnyClient) async throws(BunnyClientError) -> Value,
        onSuccess: (Value, inout HistoryOperation) -> Void = { _, _ in }
    ) async -> Call<Value> {
        var attempt = template
        var result: Call<Value>
        while true {
            let node = directory.node(pair: pair, target: target, random: &random)
            result = await call(attempt, node: node, send, onSuccess: onSuccess)
            guard result.isRetryableFailure, attempt.attempt < Self.maximumAttempts, clock.now() < deadline else {
                return result
            }
            let retryAfter = Int64(result.retryAfterSeconds ?? 0) * 1_000_000_000
            let backoff = Int64(attempt.attempt) * 50_000_000
            let wait = min(max(retryAfter, backoff), Self.maximumRetryWaitNanoseconds)
            try? await Task.sleep(for: .nanoseconds(wait))
            attempt.retryOf = result.operation.id
            attempt.attempt += 1
        }
    }

    /// Retry-After says 1 s; waiting that long would hide most of a failover from the clients.
    static let maximumRetryWaitNanoseconds: Int64 = 250_000_000
}
