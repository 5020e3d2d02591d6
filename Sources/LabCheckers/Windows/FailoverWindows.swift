import LabCore

/// Every window of a run in which the contract allows acknowledged writes to be lost, and the
/// classification of a lost write into one of them (``LossCause``).
///
/// **Async window** (one per failover): the old primary acknowledges a write once it is applied
/// locally and queued for replication; replication is asynchronous (cluster.md §7.3). The new
/// primary holds what its last join snapshot gave it plus every
/// replication message it accepted (`200`). So writes the old primary acknowledged after the
/// first replication message of the link `old->new` that was not accepted since that join (or,
/// when all were accepted, after the last accepted one) may be missing. The window starts there,
/// minus a slack for messages still queued or in flight, and ends at the latest possible
/// promotion instant (the first sample showing the new primary). Without a journal for the
/// link it starts at the last process or network fault on the old primary before the
/// promotion, else at the old term's start.
///
/// The journal only sees messages that were sent. When the old primary's last status sample
/// before the promotion shows a replication backlog of Q messages, the last Q writes it had
/// acknowledged by then were still unsent, so the window also reaches back to the first of
/// those: the replication lag seen then bounds the loss, however long it is.
///
/// **Split brain** (one per pair of overlapping PRIMARY terms at different epochs): writes
/// applied by the lower-epoch PRIMARY between the higher one's earliest possible start and the
/// lower one's latest possible end are discarded when it hears the higher epoch (§6).
///
/// A write is a candidate for a window when its [invoke, complete] interval overlaps the window
/// and it was sent to the losing node (for async windows also: to the new node before its
/// promotion, which forwarded it to the old primary).
public struct FailoverWindows: Sendable {
    public private(set) var windowsByPair: [Int: [LossWindow]]
    private let pairByNode: [String: Int]

    public static let defaultInFlightSlackNanoseconds: Int64 = 250_000_000

    public init(
        recording: RunRecording, timeline: LeadershipTimeline, journal: JournalIndex,
        inFlightSlackNanoseconds: Int64 = FailoverWindows.defaultInFlightSlackNanoseconds
    ) {
        var windowsByPair: [Int: [LossWindow]] = [:]
        for failover in timeline.failovers() {
            let window = Self.asyncWindow(
                failover, recording: recording, journal: journal, slackNanoseconds: inFlightSlackNanoseconds)
            windowsByPair[failover.pair, default: []].append(window)
        }
        for pair in recording.pairs {
            let terms = timeline.terms(inPair: pair)
            for (index, first) in terms.enumerated() {
                for second in terms[(index + 1)...] where first.node != second.node && first.epoch != second.epoch {
                    let (losing, winning) = first.epoch < second.epoch ? (first, second) : (second, first)
                    let start = winning.startEarliestNanoseconds
                    let end = losing.endLatestNanoseconds ?? .max
                    guard start < end, losing.startEarliestNanoseconds < (winning.endLatestNanoseconds ?? .max) else {
                        continue
                    }
                    windowsByPair[pair, default: []].append(
                        LossWindow(
                            cause: .splitBrain, pair: pair, losingNode: losing.node, winningNode: winning.node,
                            startNanoseconds: max(start, losing.startEarliestNanoseconds), endNanoseconds: end,
                            failoverNumber: nil,
                            reason:
                                "\(losing.node) PRIMARY at epoch \(losing.epoch), \(winning.node) at \(winning.epoch)"))
                }
            }
        }
        self.windowsByPair = windowsByPair
        self.pairByNode = Dictionary(
            recording.nodes.map { ($0.name, $0.pair) }, uniquingKeysWith: { first, _ in first })
    }

    public var allWindows: [LossWindow] {
        windowsByPair.keys.sorted().flatMap { windowsByPair[$0] ?? [] }
    }

    /// The window that explains losing this acknowledged write, async windows first; `nil`: none.
    public func window(explaining operation: HistoryOperation) -> LossWindow? {
        guard let pair = pairByNode[operation.node], let windows = windowsByPair[pair] else { return nil }
        var splitBrain: LossWindow?
        for window in windows
        where operation.completeNanoseconds >= window.startNanoseconds
            && operation.invokeNanoseconds <= window.endNanoseconds
        {
            switch window.cause {
            case .asyncWindow:
                if operation.node == window.losingNode
                    || (operation.node == window.winningNode && operation.invokeNanoseconds < window.endNanoseconds)
                {
                    return window
                }
            case .splitBrain:
                if operation.node == window.losingNode && splitBrain == nil { splitBrain = window }
            case .unexplained:
                break
            }
        }
        return splitBrain
    }

    public func cause(of operation: HistoryOperation) -> LossCause {
        window(explaining: operation)?.cause ?? .unexplained
    }

    static func asyncWindow(
        _ failover: Failover, recording: RunRecording, journal: JournalIndex, slackNanoseconds: Int64
    ) -> LossWindow {
        let link = failover.peerLink
        let promotionLatest = failover.promoted.firstSeenNanoseconds
        var start = failover.previous.startEarliestNanoseconds
        var reason = "from the old term's start (no journal, no fault)"
        if journal.hasEntries(onLink: link) {
            let reverseLink = "\(failover.promoted.node)->\(failover.previous.node)"
            let lastJoin =
                journal.last(onLink: reverseLink, before: promotionLatest) {
                    $0.messageClass == .joinSnapshot && $0.wasAcceptedByReceiver
                }?.timeNanoseconds ?? 0
            let entries = journal.entries(onLink: link)
            let end = journal.countBefore(promotionLatest, onLink: link)
            let begin = journal.countBefore(lastJoin, onLink: link)
            var firstRejected: ProxyJournalEntry?
            var lastAccepted: ProxyJournalEntry?
            for entry in entries[begin..<end] where entry.messageClass == .replicate {
                if entry.wasAcceptedByReceiver {
                    lastAccepted = entry
                } else if firstRejected == nil {
                    firstRejected = entry
                }
            }
            if let firstRejected {
                start = firstRejected.timeNanoseconds - slackNanoseconds
                reason =
                    "from the first replicate not accepted since the last join, at \(TimeText.seconds(firstRejected.timeNanoseconds))"
            } else if let lastAccepted {
                start = lastAccepted.timeNanoseconds - slackNanoseconds
                reason = "after the last replicate accepted, at \(TimeText.seconds(lastAccepted.timeNanoseconds))"
            } else if let fault = lastFault(before: promotionLatest, on: failover.previous.node, recording: recording) {
                start = fault - slackNanoseconds
                reason = "no replication since the last join; from the fault at \(TimeText.seconds(fault))"
            } else {
                start = max(lastJoin, failover.previous.startEarliestNanoseconds)
                reason = "no replication since the last join"
            }
        } else if let fault = lastFault(before: promotionLatest, on: failover.previous.node, recording: recording) {
            start = fault - slackNanoseconds
            reason = "no journal; from the fault at \(TimeText.seconds(fault))"
        }
        if let backlog = backlogStart(failover, recording: recording, before: promotionLatest),
            backlog.start - slackNanoseconds < start
        {
            start = backlog.start - slackNanoseconds
            reason += "; \(backlog.queued) replication message(s) still queued at \(TimeText.seconds(backlog.sampled))"
        }
        return LossWindow(
            cause: .asyncWindow, pair: failover.pair, losingNode: failover.previous.node,
            winningNode: failover.promoted.node, startNanoseconds: max(0, start), endNanoseconds: promotionLatest,
            failoverNumber: failover.number, reason: reason)
    }

    /// The invocation of the earliest write still in the old primary's replication queue at its
    /// last sample as PRIMARY before `time`, counting one queued message per acknowledged (or unknown)
    /// write backwards from that sample; `nil` when the queue was empty.
    static func backlogStart(
        _ failover: Failover, recording: RunRecording, before time: Int64
    ) -> (start: Int64, queued: Int, sampled: Int64)? {
        let node = failover.previous.node
        // The old primary's last sample *as that primary*: after a restart it reports an empty
        // queue that says nothing about what its previous incarnation had not sent.
        let end = min(time, failover.previous.lastSeenNanoseconds)
        guard
            let sample = recording.status.last(where: {
                $0.node == node && $0.reachable && $0.timeNanoseconds <= end
                    && $0.timeNanoseconds >= failover.previous.startEarliestNanoseconds
            })
        else { return nil }
        let queued = sample.queueLength + sample.registryQueueLength
        guard queued > 0 else { return nil }
        let writes = recording.history.filter {
            $0.node == node && $0.kind.isWrite && $0.outcome != .fail && $0.workload != "final"
                && $0.completeNanoseconds <= sample.timeNanoseconds
        }.sorted { $0.completeNanoseconds < $1.completeNanoseconds }
        guard let earliest = writes.suffix(queued).map(\.invokeNanoseconds).min() else { return nil }
        return (earliest, queued, sample.timeNanoseconds)
    }

    /// Whether a fault target (a node, or a link `a->b`) concerns the node.
    static func target(_ target: String, names node: String) -> Bool {
        target == node || target.hasPrefix(node + "->") || target.hasSuffix("->" + node)
    }

    /// The last fault before `time` that stopped the node or cut its links.
    static func lastFault(before time: Int64, on node: String, recording: RunRecording) -> Int64? {
        recording.faults.last { fault in
            guard fault.timeNanoseconds < time, fault.targets.contains(where: { Self.target($0, names: node) }) else {
                return false
            }
            switch fault.request.command {
            case .kill, .pause, .restart, .partition, .linkRule: return true
            default: return false
            }
        }?.timeNanoseconds
    }
}
