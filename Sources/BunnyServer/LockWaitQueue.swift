import BunnyCore
import BunnyWire
import NIOCore

/// Public requests that met `409 StoreLocked`, parked per store until the store's modify lock
/// is released or their wait (`--lock-wait`) runs out — our addition; the reference answers
/// `409` at once and its clients come back after `Retry-After: 1`.
///
/// Why: on one hot store (an auction, a shared cart) every loser of the lock used to retry
/// blindly or sleep a whole second, so the store served a few thousand modify cycles a second
/// at best. Parked requests are retried in arrival order the moment the holder completes or
/// cancels (the same event-loop tick), so the lock passes from one client to the next without
/// a round trip of back-off. A request whose wait ends gets the `409` it would have got.
///
/// Confined to the replica's event loop (hence `@unchecked Sendable`).
final class LockWaitQueue: @unchecked Sendable {
    /// One more try of a parked request: nil while the store is still locked, else its answer.
    typealias Attempt = () -> EventLoopFuture<WireResponse>?

    private struct Waiter {
        let attempt: Attempt
        let promise: EventLoopPromise<WireResponse>
        let deadline: NIODeadline
        let lockedAnswer: WireResponse
    }

    let eventLoop: any EventLoop
    let maximumWait: Duration
    private let metrics: DaemonMetrics
    private var waiters: [String: [Waiter]] = [:]
    private var storesBeingWoken: Set<String> = []
    private var deadlines: EarliestDeadlineTimer!

    init(eventLoop: any EventLoop, maximumWait: Duration, metrics: DaemonMetrics) {
        self.eventLoop = eventLoop
        self.maximumWait = maximumWait
        self.metrics = metrics
        deadlines = EarliestDeadlineTimer(eventLoop: eventLoop) { [unowned self] in self.expireWaiters() }
    }

    var isEnabled: Bool { maximumWait > .zero }

    /// Parks a request that was just answered `lockedAnswer` (a `409 StoreLocked`); the
    /// returned future carries its final answer.
    func park(storeID: String, lockedAnswer: WireResponse, attempt: @escaping Attempt) -> EventLoopFuture<WireResponse>
    {
        let promise = eventLoop.makePromise(of: WireResponse.self)
        let deadline = NIODeadline.now() + .nanoseconds(maximumWait.nanoseconds)
        waiters[storeID, default: []].append(
            Waiter(attempt: attempt, promise: promise, deadline: deadline, lockedAnswer: lockedAnswer))
        deadlines.schedule(at: deadline)
        return promise.futureResult
    }

    /// Called after a request that may have released the store's lock (complete-modify,
    /// cancel-modify, delete, release-lock): retries the waiters in order until one finds the
    /// store locked again. A retry can itself release the lock (a waiting delete) and call
    /// this again; that inner call returns at once and the outer loop goes on.
    func lockMayBeFree(storeID: String) {
        guard !waiters.isEmpty, waiters[storeID] != nil, storesBeingWoken.insert(storeID).inserted else { return }
        defer { storesBeingWoken.remove(storeID) }
        while let first = waiters[storeID]?.first {
            guard let answer = first.attempt() else { break }
            waiters[storeID]?.removeFirst()
            if waiters[storeID]?.isEmpty == true { waiters[storeID] = nil }
            metrics.recordLockWait(acquired: true)
            first.promise.completeWith(answer)
        }
    }

    /// Answers every waiter (shutdown).
    func releaseAll() {
        for queue in waiters.values {
            for waiter in queue { waiter.promise.succeed(waiter.lockedAnswer) }
        }
        waiters.removeAll()
        deadlines.cancel()
    }

    /// Waiters whose wait is over get one last try; still locked, they get the `409`. They
    /// leave the queue before any try, so a try that wakes the store's other waiters cannot
    /// meet them again.
    private func expireWaiters() {
        let now = NIODeadline.now()
        var expired: [Waiter] = []
        for storeID in Array(waiters.keys) {
            guard let queue = waiters[storeID] else { continue }
            let kept = queue.filter { $0.deadline > now }
            expired += queue.filter { $0.deadline <= now }
            waiters[storeID] = kept.isEmpty ? nil : kept
        }
        for waiter in expired {
            if let answer = waiter.attempt() {
                metrics.recordLockWait(acquired: true)
                waiter.promise.completeWith(answer)
            } else {
                metrics.recordLockWait(acquired: false)
                waiter.promise.succeed(waiter.lockedAnswer)
            }
        }
        if let earliest = waiters.values.joined().map(\.deadline).min() { deadlines.schedule(at: earliest) }
    }
}
