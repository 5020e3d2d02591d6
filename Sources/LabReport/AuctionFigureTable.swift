import LabCheckers

/// The auction's figures as a table of their own (the verdict row shows only the first
/// few): bids, their rate and latency, the watchers and the fan-out of each bid to them.
enum AuctionFigureTable {
    /// Figure name → what the row says, in report order.
    static let rows: [(figure: String, label: String)] = [
        ("auction.bids", "acknowledged bids"),
        ("auction.bids-per-second", "bids per second (successful modify cycles on one store)"),
        ("auction.bid-p50-ms", "bid latency p50, ms (first begin-modify to acknowledged complete)"),
        ("auction.bid-p99-ms", "bid latency p99, ms"),
        ("auction.bid-max-ms", "bid latency max, ms"),
        ("auction.watchers", "watchers"),
        ("auction.watch-answers", "watch answers with a new bid"),
        ("auction.answers-per-bid", "watch answers per bid"),
        ("auction.fan-out-p50-ms", "fan-out p50, ms (bid acknowledged → watcher answered)"),
        ("auction.fan-out-p99-ms", "fan-out p99, ms"),
        ("auction.fan-out-max-ms", "fan-out max, ms"),
        ("auction.watchers-at-final", "watchers that reached the final version"),
        ("auction.watchers-cut", "watchers cut mid-poll at the end"),
    ]

    /// The table, or nothing when the run had no auction.
    static func render(_ results: [CheckResult]) -> String {
        guard let result = results.first(where: { $0.checker == "auction" }), result.figure("auction.bids") != nil
        else { return "" }
        var html = "<h3>Auction</h3><table><tr><th>figure</th><th>value</th></tr>"
        for row in rows {
            guard let value = result.figure(row.figure) else { continue }
            html += "<tr><td>\(HTMLText.escape(row.label))</td>"
            html += "<td class=\"number\">\(ReportNumber.figure(value))</td></tr>"
        }
        return html + "</table>\n"
    }
}
