/// The auction's figures, over every auction store of the run: bid throughput and latency
/// (a bid's whole cycle, from its first begin-modify attempt to the acknowledged
/// complete-modify), and the fan-out to the watchers (from a bid's acknowledgement at its
/// bidder to each watcher's answer carrying it; an answer that came before the bidder's
/// acknowledgement counts as 0).
struct AuctionFigures {
    var acknowledgedBids = 0
    var bidsPerSecond = 0.0
    var bidLatencies: [Int64] = []
    var watchers = 0
    var watchAnswers = 0
    var fanOutLatencies: [Int64] = []
    var list: [CheckFigure] = []

    init(auctions: [AuctionHistory], judgment: AuctionJudgment) {
        var firstStart = Int64.max
        var lastEnd = Int64.min
        for auction in auctions {
            var acknowledgedAt: [String: Int64] = [:]
            for (operation, bid) in auction.bids {
                let start = auction.cycleStart(of: operation)
                bidLatencies.append(operation.completeNanoseconds - start)
                firstStart = min(firstStart, start)
                lastEnd = max(lastEnd, operation.completeNanoseconds)
                acknowledgedAt[bid.bidder] = operation.completeNanoseconds
            }
            acknowledgedBids += auction.bids.count
            watchers += auction.observationsByWatcher.count
            for observation in auction.observationsByWatcher.values.joined() {
                guard let bid = observation.bid else { continue }
                watchAnswers += 1
                if let acknowledged = acknowledgedAt[bid.bidder] {
                    fanOutLatencies.append(max(0, observation.operation.completeNanoseconds - acknowledged))
                }
            }
        }
        bidLatencies.sort()
        fanOutLatencies.sort()
        if lastEnd > firstStart { bidsPerSecond = Double(acknowledgedBids) / (Double(lastEnd - firstStart) / 1e9) }
        list = [
            CheckFigure("auction.bids", Double(acknowledgedBids)),
            CheckFigure("auction.bids-per-second", bidsPerSecond),
            CheckFigure("auction.bid-p50-ms", Self.milliseconds(bidLatencies, 0.5)),
            CheckFigure("auction.bid-p99-ms", Self.milliseconds(bidLatencies, 0.99)),
            CheckFigure("auction.bid-max-ms", Self.milliseconds(bidLatencies, 1)),
            CheckFigure("auction.watchers", Double(watchers)),
            CheckFigure("auction.watch-answers", Double(watchAnswers)),
            CheckFigure(
                "auction.answers-per-bid", acknowledgedBids > 0 ? Double(watchAnswers) / Double(acknowledgedBids) : 0),
            CheckFigure("auction.fan-out-p50-ms", Self.milliseconds(fanOutLatencies, 0.5)),
            CheckFigure("auction.fan-out-p99-ms", Self.milliseconds(fanOutLatencies, 0.99)),
            CheckFigure("auction.fan-out-max-ms", Self.milliseconds(fanOutLatencies, 1)),
            CheckFigure("auction.watchers-at-final", Double(judgment.watchersAtFinal)),
            CheckFigure("auction.watchers-cut", Double(judgment.watchersCut)),
            CheckFigure("auction.watchers-ahead", Double(judgment.watchersAhead)),
            CheckFigure("auction.watchers-behind", Double(judgment.watchersBehind)),
            CheckFigure("auction.watch-rollbacks", Double(judgment.rollbacks)),
        ]
    }

    /// The nearest-rank percentile of sorted nanoseconds, in milliseconds (0 when empty).
    static func milliseconds(_ sorted: [Int64], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        let index = min(sorted.count - 1, max(0, rank - 1))
        return (Double(sorted[index]) / 1e4).rounded() / 100
    }
}
