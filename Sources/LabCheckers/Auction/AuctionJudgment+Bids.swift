extension AuctionJudgment {
    /// Bids increase along the chain, the highest acknowledged bid is the final one (or its
    /// loss is explained), and the final content is one some bid wrote.
    mutating func judgeBids(_ auction: AuctionHistory) {
        // Writers of each count, acknowledged or maybe: a count with two is a fork (a failover
        // lost the first) and decides nothing about the order.
        var writersByCount: [Int64: Int] = [:]
        for (_, bid) in auction.bids { writersByCount[bid.count, default: 0] += 1 }
        for (_, bid) in auction.unknownBids { writersByCount[bid.count, default: 0] += 1 }
        let finalBid = auction.finalRead?.bid
        let chain = auction.bids.filter { entry in
            writersByCount[entry.bid.count] == 1 && (finalBid.map { entry.bid.count <= $0.count } ?? true)
                && windows.window(explaining: entry.operation) == nil
        }.sorted { $0.bid.count < $1.bid.count }
        for (earlier, later) in zip(chain, chain.dropFirst()) where earlier.bid.high >= later.bid.high {
            add(
                "bid-order",
                "\(auction.key): bid \(later.bid.bidder) #\(later.operation.id) (count \(later.bid.count)) wrote high \(later.bid.high), not above \(earlier.bid.bidder) #\(earlier.operation.id) (count \(earlier.bid.count), high \(earlier.bid.high))",
                operations: [earlier.operation, later.operation], violation: true)
        }

        guard let finalRead = auction.finalRead else {
            if !auction.bids.isEmpty { undecided.append("\(auction.key): no final read") }
            return
        }
        guard let final = finalBid else {
            add(
                "final-phantom",
                "\(auction.key): the final content \"\(finalRead.operation.read ?? "")\" is not an auction state",
                operations: [finalRead.operation], violation: true)
            return
        }
        let written = Set(auction.bids.map(\.bid) + auction.unknownBids.map(\.bid) + [AuctionBid.opening])
        if !written.contains(final) {
            add(
                "final-phantom",
                "\(auction.key): the final content \(final.content) was written by no bid",
                operations: [finalRead.operation], violation: true)
        }
        for (operation, bid) in auction.bids where bid.high > final.high {
            if let window = windows.window(explaining: operation) {
                add(
                    "bid-lost-\(window.cause.rawValue)",
                    "\(auction.key): bid \(bid.bidder) #\(operation.id) of \(bid.high), acknowledged by \(operation.node) at \(TimeText.seconds(operation.completeNanoseconds)), is above the final high \(final.high): inside the \(window.description)",
                    operations: [operation], violation: false)
            } else {
                add(
                    "highest-bid-lost",
                    "\(auction.key): bid \(bid.bidder) #\(operation.id) of \(bid.high), acknowledged by \(operation.node) at \(TimeText.seconds(operation.completeNanoseconds)), is above the final high \(final.high), outside any failover window",
                    operations: [operation], violation: true)
            }
        }
    }
}
