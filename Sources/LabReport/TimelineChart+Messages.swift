import LabCore

/// Heartbeat and replicate messages per bin for each link direction, delivered below, failed
/// upstream and lost (dropped, blackholed, reset) stacked above in warm colours.
extension TimelineChart {
    mutating func drawMessageRates() {
        let allSeries = MessageRateSeries.series(journal: recording.journal, axis: axis)
        guard !allSeries.isEmpty else { return }
        sectionTitle("peer messages per \(binText)")
        let rowHeight = 34.0
        let barWidth = max(Double(axis.binNanoseconds) / Double(axis.end - axis.start) * axis.width - 0.4, 0.6)
        for series in allSeries {
            let peak = max(series.peak, 1)
            let top = y
            let bottom = y + rowHeight - 4
            let scale = (rowHeight - 8) / Double(peak)
            content.label(series.link, x: 12, y: top + 11, className: "row")
            content.label(
                "\(series.messageClass.rawValue), peak \(peak)", x: 12, y: top + 24, className: "row-detail")
            content.line(x1: axis.left, y1: bottom, x2: axis.right, y2: bottom, stroke: "#bbb", width: 0.6)
            var delivered: [(x: Double, top: Double, bottom: Double)] = []
            var failed: [(x: Double, top: Double, bottom: Double)] = []
            var lost: [(x: Double, top: Double, bottom: Double)] = []
            for bin in 0..<series.delivered.count {
                let x = axis.x(axis.binStart(bin))
                let deliveredTop = bottom - Double(series.delivered[bin]) * scale
                let failedTop = deliveredTop - Double(series.failed[bin]) * scale
                let lostTop = failedTop - Double(series.lost[bin]) * scale
                delivered.append((x, deliveredTop, bottom))
                failed.append((x, failedTop, deliveredTop))
                lost.append((x, lostTop, failedTop))
            }
            let color = series.messageClass == .heartbeat ? ReportPalette.heartbeat : ReportPalette.replicate
            content.bars(delivered, width: barWidth, color: color)
            content.bars(failed, width: barWidth, color: ReportPalette.messageFailed)
            content.bars(lost, width: barWidth, color: ReportPalette.messageLost)
            let lostTotal = series.lost.reduce(0, +)
            let failedTotal = series.failed.reduce(0, +)
            let summary =
                "\(series.link) \(series.messageClass.rawValue): \(series.total) messages, "
                + "\(series.total - lostTotal - failedTotal) delivered, \(lostTotal) lost to faults, "
                + "\(failedTotal) failed upstream; by fate: "
                + JournalFate.allCases.compactMap { fate in
                    series.fateCounts[fate].map { "\(fate.rawValue) \($0)" }
                }.joined(separator: ", ")
            content.rectangle(
                x: axis.left, y: top, width: axis.width, height: rowHeight - 4, fill: "transparent", className: "hit",
                title: summary)
            y += rowHeight
        }
        y += 4
    }

    /// The bin width in words: `100 ms`, `2 s`.
    var binText: String {
        axis.binNanoseconds < 1_000_000_000
            ? "\(axis.binNanoseconds / 1_000_000) ms" : "\(axis.binNanoseconds / 1_000_000_000) s"
    }
}
