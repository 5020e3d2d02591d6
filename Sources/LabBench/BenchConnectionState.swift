/// The load of one keep-alive connection as a state machine, free of I/O and of the clock:
/// the load generator reports what happened (`start`, `timerFired`, `received`, `abandoned`)
/// with the current monotonic time and carries out the ``BenchStep`` it gets back.
///
/// One request is in flight at a time (no pipelining). A modify cycle is begin-modify, then
/// complete-modify with the lock ID from the answer; it counts as one operation of two
/// requests, timed from the begin. **StoreLocked and every other failure are not retried**:
/// the cycle is counted under its key (`begin-modify 409 StoreLocked`) and the connection moves
/// on to its next operation — a retry would hide contention from the figures. A failed
/// complete-modify leaves the lock to time out in the daemon.
public struct BenchConnectionState: Sendable {
    public let plan: BenchConnectionPlan
    /// Operations finished (success or failure, inside the window or not), for progress.
    public private(set) var operationsFinished = 0
    /// Of those, the failed ones.
    public private(set) var operationsFailed = 0
    private var operationsStarted = 0
    private var blobCursor = 0
    private var counterCursor = 0
    private var stage: Stage = .idle

    private enum Phase: Sendable {
        case single, beginModify, completeModify
    }

    private struct InFlight: Sendable {
        var operation: BenchOperation
        var store: Int
        /// Closed loop: when the first request left; open loop: when the operation was due.
        var startedAt: Int64
        var phase: Phase
    }

    private enum Stage: Sendable {
        case idle
        case waiting(due: Int64)
        case awaiting(InFlight)
        case finished
    }

    public init(plan: BenchConnectionPlan) {
        self.plan = plan
    }

    public var isFinished: Bool {
        if case .finished = stage { return true }
        return false
    }

    /// The connection is open: the first step.
    public mutating func start(at now: Int64, into measurement: inout BenchMeasurement) -> BenchStep {
        beginNext(at: now, into: &measurement)
    }

    /// The wait asked for with `.waitUntil` is over (early wake-ups wait again).
    public mutating func timerFired(at now: Int64, into measurement: inout BenchMeasurement) -> BenchStep {
        guard case .waiting = stage else { return isFinished ? .finished : .waitUntil(now) }
        return beginNext(at: now, into: &measurement)
    }

    /// An answer to the request in flight.
    public mutating func received(
        _ response: BenchResponse, at now: Int64, into measurement: inout BenchMeasurement
    ) -> BenchStep {
        guard case .awaiting(var inFlight) = stage else { return isFinished ? .finished : .waitUntil(now) }
        switch inFlight.phase {
        case .beginModify:
            if response.isSuccess, let lockID = response.lockID, !lockID.isEmpty {
                inFlight.phase = .completeModify
                stage = .awaiting(inFlight)
                return .send(.completeModify(store: inFlight.store, lockID: lockID))
            }
            let key = response.isSuccess ? "begin-modify 200 without lock ID" : "begin-modify " + response.errorKey
            finish(inFlight, failureKey: key, requests: 1, at: now, into: &measurement)
        case .completeModify:
            finish(
                inFlight, failureKey: response.isSuccess ? nil : "complete-modify " + response.errorKey, requests: 2,
                at: now, into: &measurement)
        case .single:
            finish(
                inFlight, failureKey: response.isSuccess ? nil : response.errorKey, requests: 1, at: now,
                into: &measurement)
        }
        return beginNext(at: now, into: &measurement)
    }

    /// The connection is gone (`reason`: `transport: …`), or the run's drain timeout closed it
    /// (`unanswered`): the operation in flight fails under `reason`; in open loop, what was
    /// still due inside the window is counted as unsent. The connection is finished.
    public mutating func abandoned(
        reason: String, unanswered: Bool, at now: Int64, into measurement: inout BenchMeasurement
    ) {
        switch stage {
        case .awaiting(let inFlight):
            if unanswered, inFlight.startedAt < plan.window.endNanoseconds { measurement.unansweredAtEnd += 1 }
            let requests = inFlight.phase == .completeModify ? 2 : 1
            // Counted at its start: an operation that never ended cannot complete in the window.
            measurement.record(
                inFlight.operation, inMix: plan.operation == .mix, failureKey: reason, requests: requests,
                startedAt: inFlight.startedAt, completedAt: min(now, plan.window.endNanoseconds))
            operationsFinished += 1
            operationsFailed += 1
            countUnsent(from: operationsStarted, into: &measurement)
        case .waiting:
            countUnsent(from: operationsStarted, into: &measurement)
        case .idle:
            countUnsent(from: operationsStarted, into: &measurement)
        case .finished:
            break
        }
        stage = .finished
    }

    // MARK: Scheduling

    private mutating func beginNext(at now: Int64, into measurement: inout BenchMeasurement) -> BenchStep {
        let end = plan.window.endNanoseconds
        guard let interval = plan.intervalNanoseconds else {
            guard now < end else {
                stage = .finished
                return .finished
            }
            return send(startedAt: now)
        }
        let due = dueTime(of: operationsStarted, interval: interval)
        guard due < end else {
            stage = .finished
            return .finished
        }
        if due > now {
            stage = .waiting(due: due)
            return .waitUntil(due)
        }
        if now >= end {
            // Out of time with operations still owed: count them instead of sending them.
            countUnsent(from: operationsStarted, into: &measurement)
            stage = .finished
            return .finished
        }
        if due >= plan.window.startNanoseconds { measurement.sendLag.record(nanoseconds: now - due) }
        return send(startedAt: due)
    }

    private func dueTime(of operation: Int, interval: Double) -> Int64 {
        plan.firstDueNanoseconds + Int64((Double(operation) * interval).rounded())
    }

    /// Open loop: operations numbered `first…` due inside the window, never sent.
    private func countUnsent(from first: Int, into measurement: inout BenchMeasurement) {
        guard let interval = plan.intervalNanoseconds else { return }
        var operation = first
        while true {
            let due = dueTime(of: operation, interval: interval)
            guard due < plan.window.endNanoseconds else { return }
            if due >= plan.window.startNanoseconds {
                // Everything left in the window, in one step.
                let remaining = Double(plan.window.endNanoseconds - due) / interval
                measurement.unsentOperations += Int(remaining.rounded(.up))
                return
            }
            operation += 1
        }
    }

    private mutating func send(startedAt: Int64) -> BenchStep {
        let operation =
            plan.operation == .mix
            ? BenchMix.cycle[(plan.mixOffset + operationsStarted) % BenchMix.cycle.count] : plan.operation
        operationsStarted += 1
        let kind: BenchRequestKind
        var store = 0
        switch operation {
        case .snapshot, .update, .modify, .mix:
            kind = operation == .update ? .update : operation == .modify ? .beginModify : .snapshot
            store = plan.blobStores[blobCursor]
            blobCursor = blobCursor + 1 == plan.blobStores.count ? 0 : blobCursor + 1
        case .increment:
            kind = .increment
            store = plan.counterStores[counterCursor]
            counterCursor = counterCursor + 1 == plan.counterStores.count ? 0 : counterCursor + 1
        case .create:
            kind = .create
        }
        stage = .awaiting(
            InFlight(
                operation: operation, store: store, startedAt: startedAt,
                phase: operation == .modify ? .beginModify : .single))
        return .send(.prerendered(kind, store: store))
    }

    private mutating func finish(
        _ inFlight: InFlight, failureKey: String?, requests: Int, at now: Int64,
        into measurement: inout BenchMeasurement
    ) {
        measurement.record(
            inFlight.operation, inMix: plan.operation == .mix, failureKey: failureKey, requests: requests,
            startedAt: inFlight.startedAt, completedAt: now)
        operationsFinished += 1
        if failureKey != nil { operationsFailed += 1 }
        stage = .idle
    }
}
