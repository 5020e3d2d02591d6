extension AuctionJudgment {
    /// What the watchers saw: content that belongs to its version, no version going back on
    /// one node, and the final version reached.
    mutating func judgeWatchers(_ auction: AuctionHistory) {
        judgeContent(auction)
        let lastBid =
            (auction.bids.map(\.operation) + auction.unknownBids.map(\.operation))
            .map(\.completeNanoseconds).max() ?? 0
        for watcher in auction.observationsByWatcher.keys.sorted() {
            guard let observations = auction.observationsByWatcher[watcher], let last = observations.last else {
                continue
            }
            judgeOrder(auction.key, observations)
            guard let finalVersion = auction.finalRead?.version else { continue }
            if last.version == finalVersion {
                watchersAtFinal += 1
            } else if last.version > finalVersion {
                watchersAhead += 1
                add(
                    "watcher-ahead",
                    "\(auction.key): watcher \(watcher) last saw version \(last.version) (#\(last.operation.id) on \(last.operation.node)), above the final \(finalVersion)"
                        + (failovers.isEmpty ? " with no failover to lose bids" : ": bids lost in a failover"),
                    operations: [last.operation], violation: failovers.isEmpty)
            } else if last.operation.completeNanoseconds < lastBid + settleNanoseconds
                || disturbed(node: nil, from: last.operation.invokeNanoseconds, to: .max)
            {
                watchersCut += 1
            } else {
                watchersBehind += 1
                add(
                    "watcher-behind",
                    "\(auction.key): watcher \(watcher) last saw version \(last.version) (#\(last.operation.id) on \(last.operation.node) at \(TimeText.seconds(last.operation.completeNanoseconds))), below the final \(finalVersion), though the last bid ended at \(TimeText.seconds(lastBid))",
                    operations: [last.operation], violation: true)
            }
        }
    }

    /// `version − count` is the store's creation version in every state: a `200` whose content
    /// does not fit its version answered with another state's bytes.
    private mutating func judgeContent(_ auction: AuctionHistory) {
        var votes: [Int64: Int] = [:]
        let answers =
            auction.observationsByWatcher.values.joined().filter { $0.bid != nil }
            + (auction.finalRead?.bid != nil ? [auction.finalRead!] : [])
        for answer in answers { votes[answer.version - answer.bid!.count, default: 0] += 1 }
        guard let base = votes.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else { return }
        for answer in answers where answer.version - answer.bid!.count != base {
            add(
                "watch-content",
                "\(auction.key): watch #\(answer.operation.id) on \(answer.operation.node) answered version \(answer.version) with bid count \(answer.bid!.count); the other answers put count 0 at version \(base)",
                operations: [answer.operation], violation: true)
        }
    }

    /// On one node a watcher's versions only grow (a `200` must be newer than what it held),
    /// unless a failover or a fault on that node came between the two answers. A watcher that
    /// moved to the other node may find it behind (a secondary applies replication later).
    private mutating func judgeOrder(_ key: String, _ observations: [AuctionHistory.Observation]) {
        for (previous, current) in zip(observations, observations.dropFirst()) {
            let node = current.operation.node
            guard previous.operation.node == node else { continue }
            let changed = current.operation.status != 204
            guard current.version < previous.version || (changed && current.version == previous.version) else {
                continue
            }
            let explained = disturbed(
                node: node, from: previous.operation.invokeNanoseconds, to: current.operation.completeNanoseconds)
            if explained { rollbacks += 1 }
            add(
                explained ? "watch-rollback" : "watch-regression",
                "\(key): watcher \(current.operation.client) on \(node) saw version \(previous.version) (#\(previous.operation.id)), then \(changed ? "was answered" : "timed out at") version \(current.version) (#\(current.operation.id))"
                    + (explained ? ": a failover or fault on \(node) came between" : ""),
                operations: [previous.operation, current.operation], violation: !explained)
        }
    }
}
