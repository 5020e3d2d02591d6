import BunnyCore
import BunnyWire
import NIOCore

/// Parked watches (`POST /api/v1/watch/{id}`, `Replica.watch`), per store, answered when the
/// store changes past the version each client holds, or with `204` when their wait ends.
///
/// Response broadcasting: after a change the store is looked at once per distinct known
/// version (normally once: every watcher of an auction holds the same version), and that one
/// answer — the same body bytes — goes to every watcher it satisfies. Thousands of waiting
/// viewers cost one lookup per data operation, not one request each.
///
/// Confined to the replica's event loop (hence `@unchecked Sendable`).
final class WatchRegistry: @unchecked Sendable {
    /// Looks at the store again for a watcher that holds `knownVersion`.
    typealias Check = (_ knownVersion: UInt64) -> PublicOutcome

    private struct Watcher {
        let promise: EventLoopPromise<WireResponse>
        let deadline: NIODeadline
        var wait: WatchWait
        let check: Check
    }

    private let eventLoop: any EventLoop
    private let metrics: DaemonMetrics
    private var watchers: [String: [Watcher]] = [:]
    private var deadlines: EarliestDeadlineTimer!

    init(eventLoop: any EventLoop, metrics: DaemonMetrics) {
        self.eventLoop = eventLoop
        self.metrics = metrics
        deadlines = EarliestDeadlineTimer(eventLoop: eventLoop) { [unowned self] in self.expireWatchers() }
    }

    /// How many watches are parked.
    var count: Int { watchers.values.reduce(0) { $0 + $1.count } }

    /// Parks a watch; the future carries its answer.
    func park(_ wait: WatchWait, check: @escaping Check) -> EventLoopFuture<WireResponse> {
        let promise = eventLoop.makePromise(of: WireResponse.self)
        let deadline = NIODeadline.now() + .nanoseconds(wait.timeout.nanoseconds)
        watchers[wait.storeID, default: []].append(
            Watcher(promise: promise, deadline: deadline, wait: wait, check: check))
        deadlines.schedule(at: deadline)
        return promise.futureResult
    }

    /// After anything that may have changed the store (a write, a replicated message).
    func storeChanged(_ storeID: String) {
        // Called for every write and replicated message: no hashing of the ID when nobody watches.
        guard !watchers.isEmpty, let parked = watchers.removeValue(forKey: storeID) else { return }
        var outcomes: [UInt64: PublicOutcome] = [:]
        var kept: [Watcher] = []
        for var watcher in parked {
            let known = watcher.wait.knownVersion
            let outcome = outcomes[known] ?? watcher.check(known)
            outcomes[known] = outcome
            if case .wait(let wait) = outcome {
                watcher.wait = wait
                kept.append(watcher)
            } else {
                answer(watcher, with: outcome)
            }
        }
        if !kept.isEmpty { watchers[storeID, default: []] += kept }
    }

    /// After the whole state was replaced (a join snapshot): every watch looks again.
    func everythingChanged() {
        for storeID in Array(watchers.keys) { storeChanged(storeID) }
    }

    /// Answers every watch (shutdown) with its timeout answer.
    func releaseAll() {
        for watcher in watchers.values.joined() { watcher.promise.succeed(Self.unchanged(watcher.wait)) }
        watchers.removeAll()
        deadlines.cancel()
    }

    private func expireWatchers() {
        let now = NIODeadline.now()
        for storeID in Array(watchers.keys) {
            guard let parked = watchers[storeID] else { continue }
            let expired = parked.filter { $0.deadline <= now }
            guard !expired.isEmpty else { continue }
            let kept = parked.filter { $0.deadline > now }
            watchers[storeID] = kept.isEmpty ? nil : kept
            for watcher in expired { answerAtTimeout(watcher) }
        }
        if let earliest = watchers.values.joined().map(\.deadline).min() { deadlines.schedule(at: earliest) }
    }

    /// A watch whose wait ended looks once more: still unchanged, `204` with the version;
    /// otherwise what changed (the store may have expired or gone meanwhile).
    private func answerAtTimeout(_ watcher: Watcher) {
        answer(watcher, with: watcher.check(watcher.wait.knownVersion))
    }

    /// Answers a watch with what its check found; a `.wait` here means the wait is over.
    private func answer(_ watcher: Watcher, with outcome: PublicOutcome) {
        switch outcome {
        case .wait(let wait):
            metrics.recordWatchAnswer("timeout")
            watcher.promise.succeed(Self.unchanged(wait))
        case .success(let response):
            metrics.recordWatchAnswer("changed")
            watcher.promise.succeed(.success(response))
        case .failure(let error):
            metrics.recordWatchAnswer("error")
            watcher.promise.succeed(.error(error))
        case .forward:
            metrics.recordWatchAnswer("error")
            watcher.promise.succeed(.error(.leaderUnknown))
        }
    }

    /// `204 No Content` with the version the store still has.
    static func unchanged(_ wait: WatchWait) -> WireResponse {
        WireResponse(status: 204, headers: [("BigBunny-Version", String(wait.currentVersion))])
    }
}
