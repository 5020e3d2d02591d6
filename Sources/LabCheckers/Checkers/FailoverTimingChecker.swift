import LabCore

/// `failover-timing`: each lease failover promotes the secondary 4.0–4.5 s (configurable) after
/// the last heartbeat it accepted from the old primary (lease 2 s + grace 2 s, checked every
/// 100 ms: cluster.md §5), and measures how long clients waited for the first write.
///
/// Per failover (``LeadershipTimeline/failovers()``):
/// - last heartbeat: the last `heartbeat` on link `old->new` that the new primary accepted
///   (`200`) before its promotion, at an epoch that refreshes its lease; processed between its
///   delivery and the end of its round trip. Without a journal for the link: the last kill,
///   pause or partition of the old primary, minus one heartbeat interval (200 ms) for the
///   earliest bound.
/// - promotion: the term's bracket `[startEarliest, firstSeen]`, estimate `start`.
/// - first write: the first acknowledged write sent to the new primary that completed after
///   the promotion.
///
/// A violation needs certainty: even the most favourable ends of both brackets fall outside the
/// expected range. Figures: `failover.count`, `failover.<n>.promotion-seconds`,
/// `failover.<n>.first-write-seconds` (from the last heartbeat: the write outage clients saw),
/// `failover.max-promotion-seconds`.
public struct FailoverTimingChecker: RunChecker {
    public let name = "failover-timing"
    public var expectedPromotion: ClosedRange<Double>

    static let heartbeatIntervalNanoseconds: Int64 = 200_000_000

    public init(expectedPromotion: ClosedRange<Double> = 4.0...4.5) {
        self.expectedPromotion = expectedPromotion
    }

    /// When the new primary last refreshed its lease, as a bracket.
    struct LastHeartbeat {
        var earliestNanoseconds: Int64
        var latestNanoseconds: Int64
        var source: String
    }

    public func check(_ recording: RunRecording) -> CheckResult {
        let timeline = LeadershipTimeline(recording: recording)
        let journal = JournalIndex(journal: recording.journal)
        // Only lease expiries have a timing to check; operator promotions and epoch bumps of a
        // node that already led are listed, not timed, and numbered apart.
        var failovers: [Failover] = []
        var evidence: [CheckEvidence] = []
        var otherPromotions = 0
        for failover in timeline.failovers() {
            let cause = failover.cause(in: recording, timeline: timeline)
            guard cause == .leaseExpiry else {
                otherPromotions += 1
                evidence.append(
                    CheckEvidence(
                        kind: "promotion-not-lease",
                        text:
                            "\(failover.promoted.node) PRIMARY at epoch \(failover.promoted.epoch) around \(TimeText.seconds(failover.promoted.startNanoseconds)) by \(cause == .operatorPromote ? "an operator promote" : "an epoch bump while already PRIMARY"), not a lease expiry: not timed",
                        startNanoseconds: failover.promoted.startEarliestNanoseconds,
                        endNanoseconds: failover.promoted.firstSeenNanoseconds, isViolation: false))
                continue
            }
            var renumbered = failover
            renumbered.number = failovers.count + 1
            failovers.append(renumbered)
        }
        var figures = [
            CheckFigure("failover.count", Double(failovers.count)),
            CheckFigure("failover.other-promotions", Double(otherPromotions)),
        ]
        var violations = 0
        var undecided = 0
        var maximumPromotion = 0.0
        var promotionTexts: [String] = []
        for failover in failovers {
            let number = failover.number
            let promoted = failover.promoted
            guard let heartbeat = lastHeartbeat(failover, journal: journal, recording: recording) else {
                undecided += 1
                evidence.append(
                    CheckEvidence(
                        kind: "failover-unmeasured",
                        text:
                            "failover \(number) (pair \(failover.pair), \(failover.peerLink), epoch \(promoted.epoch)): no heartbeat in the journal and no fault to date the outage",
                        startNanoseconds: promoted.startEarliestNanoseconds,
                        endNanoseconds: promoted.firstSeenNanoseconds,
                        isViolation: false))
                continue
            }
            let estimate = TimeText.secondsValue(promoted.startNanoseconds - heartbeat.latestNanoseconds)
            let shortest = TimeText.secondsValue(promoted.startEarliestNanoseconds - heartbeat.latestNanoseconds)
            let longest = TimeText.secondsValue(promoted.firstSeenNanoseconds - heartbeat.earliestNanoseconds)
            figures.append(CheckFigure("failover.\(number).promotion-seconds", estimate))
            maximumPromotion = max(maximumPromotion, estimate)
            promotionTexts.append("\(TimeText.decimal(estimate)) s")
            let description =
                "failover \(number) (pair \(failover.pair), \(failover.peerLink), epoch \(promoted.epoch)): promotion \(TimeText.decimal(estimate)) s (\(TimeText.decimal(shortest))–\(TimeText.decimal(longest))) after the last heartbeat (\(heartbeat.source))"
            var firstWriteText = "no acknowledged write on \(promoted.node) afterwards"
            if let write = firstWrite(on: promoted, recording: recording) {
                let seconds = TimeText.secondsValue(write.completeNanoseconds - heartbeat.latestNanoseconds)
                figures.append(CheckFigure("failover.\(number).first-write-seconds", seconds))
                firstWriteText = "first write #\(write.id) acknowledged \(TimeText.decimal(seconds)) s after it"
            }
            let surelyLate = shortest > expectedPromotion.upperBound
            let surelyEarly = longest < expectedPromotion.lowerBound
            let expected =
                "\(TimeText.decimal(expectedPromotion.lowerBound))–\(TimeText.decimal(expectedPromotion.upperBound)) s"
            if surelyLate || surelyEarly {
                violations += 1
                evidence.append(
                    CheckEvidence(
                        kind: surelyLate ? "promotion-late" : "promotion-early",
                        text: "\(description), expected \(expected); \(firstWriteText)",
                        startNanoseconds: heartbeat.earliestNanoseconds, endNanoseconds: promoted.firstSeenNanoseconds,
                        isViolation: true))
            } else {
                let possiblyOutside = shortest < expectedPromotion.lowerBound || longest > expectedPromotion.upperBound
                evidence.append(
                    CheckEvidence(
                        kind: "failover",
                        text:
                            "\(description)\(possiblyOutside ? ", possibly outside \(expected) within the polling bracket" : ""); \(firstWriteText)",
                        startNanoseconds: heartbeat.earliestNanoseconds, endNanoseconds: promoted.firstSeenNanoseconds,
                        isViolation: false))
            }
        }
        figures.append(CheckFigure("failover.max-promotion-seconds", maximumPromotion))
        let verdict: CheckVerdict = violations > 0 ? .violation : (undecided > 0 ? .unknown : .ok)
        let summary: String
        if failovers.isEmpty {
            summary = "no failover happened"
        } else {
            summary =
                "\(failovers.count) failover(s), promotion after \(promotionTexts.joined(separator: ", "))\(violations > 0 ? "; \(violations) outside the expected window" : "")\(undecided > 0 ? "; \(undecided) not measurable" : "")"
        }
        return CheckResult(checker: name, verdict: verdict, summary: summary, evidence: evidence, figures: figures)
    }

    func lastHeartbeat(_ failover: Failover, journal: JournalIndex, recording: RunRecording) -> LastHeartbeat? {
        let promotionLatest = failover.promoted.firstSeenNanoseconds
        if journal.hasEntries(onLink: failover.peerLink) {
            // A heartbeat refreshes the lease only at an epoch at least the receiver's, which
            // before the promotion is the promoted epoch − 1.
            let refreshingEpoch = failover.promoted.epoch - 1
            if let entry = journal.last(
                onLink: failover.peerLink, before: promotionLatest,
                where: {
                    $0.messageClass == .heartbeat && $0.wasAcceptedByReceiver
                        && ($0.leaderEpoch ?? refreshingEpoch) >= refreshingEpoch
                })
            {
                return LastHeartbeat(
                    earliestNanoseconds: entry.deliveredFromNanoseconds,
                    latestNanoseconds: entry.processedByNanoseconds,
                    source: "heartbeat at \(TimeText.seconds(entry.timeNanoseconds)) on \(failover.peerLink)")
            }
        }
        if let fault = FailoverWindows.lastFault(
            before: promotionLatest, on: failover.previous.node, recording: recording)
        {
            return LastHeartbeat(
                earliestNanoseconds: fault - Self.heartbeatIntervalNanoseconds, latestNanoseconds: fault,
                source: "no heartbeat journal; the fault on \(failover.previous.node) at \(TimeText.seconds(fault))")
        }
        return nil
    }

    /// The first acknowledged write sent to the new primary that completed after it took the
    /// lead (history is in invocation order; a write invoked earlier may complete later, so the
    /// scan keeps the earliest completion among those invoked within the term).
    func firstWrite(on term: LeadershipTerm, recording: RunRecording) -> HistoryOperation? {
        var best: HistoryOperation?
        let termEnd = term.endLatestNanoseconds ?? .max
        for operation in recording.history
        where operation.node == term.node && operation.kind.isWrite && operation.outcome == .ok
            && operation.completeNanoseconds > term.startNanoseconds && operation.invokeNanoseconds < termEnd
            && operation.workload != "final"
        {
            if best == nil || operation.completeNanoseconds < best!.completeNanoseconds { best = operation }
        }
        return best
    }
}
