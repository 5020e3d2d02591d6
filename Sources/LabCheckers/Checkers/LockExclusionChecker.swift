/// `lock-exclusion`: the modify lock (api.md §7) is exclusive, and a fresh primary does not
/// trust lock state it may not have (the LockStateUnknown window, cluster.md §6.1).
///
/// **Overlap.** A lock granted by a successful begin-modify is *surely* held from the
/// begin-modify's completion (granted by then) until the earlier of its release being invoked
/// (a complete-modify or cancel-modify with the same lock ID that may have happened) and
/// 500 ms after the begin-modify's invocation (the grant came no earlier, and the lock lives
/// 500 ms). Two such surely-held intervals of different locks on one store, granted by one
/// primary in one epoch, that intersect are a violation. The granting primary is the node the
/// request went to when it was (possibly) PRIMARY then, else the pair's leading term (a
/// secondary forwards). Intervals are swept per (store, primary, epoch) after sorting: n log n.
///
/// **LockStateUnknown.** After a failover promotion the new primary must answer begin-modify,
/// complete-modify, cancel-modify and update with `409 LockStateUnknown` for 500 ms. The window
/// is surely open from the latest possible promotion (the first sample showing it PRIMARY) to
/// 500 ms after the earliest possible one; such an operation sent to that node, acknowledged,
/// and entirely inside that span is a violation.
public struct LockExclusionChecker: RunChecker {
    public let name = "lock-exclusion"
    public static let lockTimeoutNanoseconds: Int64 = 500_000_000

    public init() {}

    struct HeldLock {
        var operation: HistoryOperation
        var startNanoseconds: Int64
        var endNanoseconds: Int64
    }

    public func check(_ recording: RunRecording) -> CheckResult {
        let timeline = LeadershipTimeline(recording: recording)
        var evidence: [CheckEvidence] = []

        // Releases that may have happened, by lock ID: the earliest invocation.
        var releaseByLock: [String: Int64] = [:]
        for operation in recording.history
        where (operation.kind == .completeModify || operation.kind == .cancelModify) && operation.outcome != .fail {
            guard let lock = operation.lock else { continue }
            releaseByLock[lock] = min(releaseByLock[lock] ?? .max, operation.invokeNanoseconds)
        }
        var termsByNode: [String: [LeadershipTerm]] = [:]
        for term in timeline.terms { termsByNode[term.node, default: []].append(term) }

        var groups: [String: [HeldLock]] = [:]
        var grantCount = 0
        for operation in recording.history where operation.kind == .beginModify && operation.outcome == .ok {
            guard let lock = operation.lock else { continue }
            grantCount += 1
            let start = operation.completeNanoseconds
            let end = min(
                operation.invokeNanoseconds + Self.lockTimeoutNanoseconds, releaseByLock[lock] ?? .max)
            guard start < end else { continue }
            let grantor = grantingTerm(operation, termsByNode: termsByNode, timeline: timeline, recording: recording)
            let group = "\(operation.store ?? operation.key)|\(grantor.map { "\($0.node)@\($0.epoch)" } ?? "?")"
            groups[group, default: []].append(
                HeldLock(operation: operation, startNanoseconds: start, endNanoseconds: end))
        }
        var overlaps = 0
        for group in groups.keys.sorted() {
            let locks = groups[group]!.sorted { $0.startNanoseconds < $1.startNanoseconds }
            var holder: HeldLock?
            for lock in locks {
                if let current = holder, lock.startNanoseconds < current.endNanoseconds,
                    current.operation.lock != lock.operation.lock
                {
                    overlaps += 1
                    let first = current.operation
                    let second = lock.operation
                    evidence.append(
                        CheckEvidence(
                            kind: "lock-overlap",
                            text:
                                "\(first.key): lock \(first.lock ?? "?") (begin-modify #\(first.id), client \(first.client)) and lock \(second.lock ?? "?") (begin-modify #\(second.id), client \(second.client)) both held from \(TimeText.seconds(lock.startNanoseconds)) to \(TimeText.seconds(min(current.endNanoseconds, lock.endNanoseconds)))",
                            operationIDs: [first.id, second.id], startNanoseconds: lock.startNanoseconds,
                            endNanoseconds: min(current.endNanoseconds, lock.endNanoseconds), isViolation: true))
                }
                if holder == nil || lock.endNanoseconds > holder!.endNanoseconds { holder = lock }
            }
        }

        var windowViolations = 0
        var failoversByNode: [String: [Failover]] = [:]
        // A node that was already PRIMARY when its epoch rose keeps its lock state: no window.
        for failover in timeline.failovers() where failover.cause(in: recording, timeline: timeline) != .alreadyPrimary
        {
            failoversByNode[failover.promoted.node, default: []].append(failover)
        }
        for operation in recording.history
        where operation.outcome == .ok && Self.refusedWhileLockStateUnknown(operation.kind) {
            for failover in failoversByNode[operation.node] ?? [] {
                let promoted = failover.promoted
                let windowStart = promoted.firstSeenNanoseconds
                let windowEnd = promoted.startEarliestNanoseconds + Self.lockTimeoutNanoseconds
                guard operation.invokeNanoseconds >= windowStart, operation.completeNanoseconds <= windowEnd,
                    operation.completeNanoseconds <= promoted.lastSeenNanoseconds
                else { continue }
                windowViolations += 1
                evidence.append(
                    CheckEvidence(
                        kind: "lock-state-unknown",
                        text:
                            "\(operation.kind.rawValue) #\(operation.id) on \(operation.key) succeeded on \(operation.node) at \(TimeText.seconds(operation.completeNanoseconds)), inside the LockStateUnknown window after its promotion to epoch \(promoted.epoch) (\(TimeText.seconds(promoted.startEarliestNanoseconds))–\(TimeText.seconds(promoted.firstSeenNanoseconds))); expected 409 LockStateUnknown",
                        operationIDs: [operation.id], startNanoseconds: operation.invokeNanoseconds,
                        endNanoseconds: operation.completeNanoseconds, isViolation: true))
            }
        }
        let violations = overlaps + windowViolations
        let summary =
            violations == 0
            ? "\(grantCount) lock grant(s), no overlap, none inside a LockStateUnknown window"
            : "\(overlaps) lock overlap(s), \(windowViolations) lock operation(s) inside a LockStateUnknown window"
        return CheckResult(
            checker: name, verdict: violations > 0 ? .violation : .ok, summary: summary,
            evidence: evidence.sorted { ($0.startNanoseconds ?? 0) < ($1.startNanoseconds ?? 0) },
            figures: [
                CheckFigure("locks.granted", Double(grantCount)),
                CheckFigure("locks.overlaps", Double(overlaps)),
                CheckFigure("locks.lock-state-unknown-violations", Double(windowViolations)),
            ])
    }

    static func refusedWhileLockStateUnknown(_ kind: OperationKind) -> Bool {
        switch kind {
        case .beginModify, .completeModify, .cancelModify, .update: true
        default: false
        }
    }

    /// The PRIMARY term that granted the lock: the addressed node's, if it may have been PRIMARY
    /// when the grant completed; else the pair's leading term (the request was forwarded).
    func grantingTerm(
        _ operation: HistoryOperation, termsByNode: [String: [LeadershipTerm]], timeline: LeadershipTimeline,
        recording: RunRecording
    ) -> LeadershipTerm? {
        if let own = termsByNode[operation.node]?.last(where: { $0.possiblyCovers(operation.completeNanoseconds) }) {
            return own
        }
        guard let pair = recording.pair(of: operation.node) else { return nil }
        return timeline.leadingTerm(pair: pair, at: operation.completeNanoseconds)
    }
}
