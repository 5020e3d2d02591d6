/// `auction`: one store, many bidders under the modify lock, many watchers long-polling it
/// (the `auction` workload; ``AuctionBid`` is the store's content).
///
/// - **Bids increase**: the acknowledged bids, in chain order (their bid count, so version
///   order), carry strictly increasing highs. Counts written by more than one bid (the
///   losers of a failover) and bids a loss window may have erased are left out: those are
///   `lost-updates`' to classify.
/// - **The highest acknowledged bid wins**: no acknowledged bid is above the final high,
///   unless a loss window of a failover explains it (the async window, a split brain); and the
///   final content is one some bid wrote (or the opening content).
/// - **Watchers**: every `200` carries content that belongs to its version (`version −
///   count` is the store's creation version for every state); on one node a watcher's
///   versions never go back unless a failover or a fault on that node came between; and each
///   watcher's last answer reaches the final version, unless it came before the last bid had
///   settled (the watcher was mid-poll at the end) or a failover explains a watcher ahead of
///   it (it saw bids that were lost).
///
/// Lock exclusion of the bidders' locks is `lock-exclusion`'s; lost bids are `lost-updates`'.
public struct AuctionChecker: RunChecker {
    public let name = "auction"
    /// How long after the last bid a watcher may still not have heard of it (replication to
    /// a secondary, the answer on its way).
    public var settleNanoseconds: Int64

    public init(settleNanoseconds: Int64 = 1_000_000_000) {
        self.settleNanoseconds = settleNanoseconds
    }

    public func check(_ recording: RunRecording) -> CheckResult {
        let auctions = AuctionHistory.gather(recording.history)
        guard !auctions.isEmpty else {
            return CheckResult(checker: name, verdict: .ok, summary: "no auction in this run")
        }
        let timeline = LeadershipTimeline(recording: recording)
        let windows = FailoverWindows(
            recording: recording, timeline: timeline, journal: JournalIndex(journal: recording.journal))
        var judgment = AuctionJudgment(
            failovers: timeline.failovers(), faults: recording.faults, windows: windows,
            settleNanoseconds: settleNanoseconds)
        for auction in auctions {
            judgment.judgeBids(auction)
            judgment.judgeWatchers(auction)
        }
        let figures = AuctionFigures(auctions: auctions, judgment: judgment)
        let violations = judgment.evidence.filter(\.isViolation).count
        let verdict: CheckVerdict =
            violations > 0 ? .violation : (judgment.undecided.isEmpty ? .ok : .unknown)
        var summary =
            "\(figures.acknowledgedBids) bids (\(TimeText.decimal(figures.bidsPerSecond)) /s), \(figures.watchers) watchers, \(figures.watchAnswers) watch answers; \(judgment.watchersAtFinal) watchers reached the final version, \(judgment.watchersCut) cut mid-poll"
        if violations > 0 { summary += "; \(violations) violation(s)" }
        if !judgment.undecided.isEmpty { summary += "; " + judgment.undecided.joined(separator: "; ") }
        let evidence = judgment.evidence.sorted {
            ($0.isViolation ? 0 : 1, $0.startNanoseconds ?? 0) < ($1.isViolation ? 0 : 1, $1.startNanoseconds ?? 0)
        }
        return CheckResult(
            checker: name, verdict: verdict, summary: summary, evidence: evidence, figures: figures.list)
    }
}
