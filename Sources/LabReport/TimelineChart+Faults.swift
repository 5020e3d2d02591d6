/// The fault lane (a labelled bar per fault window) and the shading of each window across
/// every chart.
extension TimelineChart {
    mutating func drawFaultLabels() {
        guard !faultWindows.isEmpty else { return }
        var rows = LabelRows()
        var placed: [(row: Int, window: FaultWindow, labelX: Double)] = []
        for window in faultWindows {
            let start = axis.x(window.start)
            let end = window.category == .instant ? start : axis.x(window.end ?? axis.end)
            let labelWidth = LabelRows.width(of: window.label)
            var labelX = start + 4
            if labelX + labelWidth > Self.width { labelX = max(axis.left, start - 4 - labelWidth) }
            let row = rows.place(start: min(start, labelX), end: max(end, labelX + labelWidth))
            placed.append((row, window, labelX))
        }
        content.label("faults", x: 4, y: y + 12, className: "section")
        for (row, window, labelX) in placed {
            let top = y + 2 + Double(row) * 18
            let start = axis.x(window.start)
            let color = ReportPalette.fault(window.category)
            let title = faultTitle(window)
            if window.category == .instant {
                content.diamond(x: start, y: top + 7, size: 4, fill: color, stroke: color, title: title)
            } else {
                let end = axis.x(window.end ?? axis.end)
                content.rectangle(
                    x: start, y: top + 3, width: max(end - start, 2), height: 8, fill: color, opacity: 0.55,
                    title: title)
            }
            content.label(window.label, x: labelX, y: top + 11, className: "fault")
        }
        y += Double(rows.count) * 18 + 6
    }

    func faultTitle(_ window: FaultWindow) -> String {
        switch (window.category, window.end) {
        case (.instant, _): "\(window.label) at \(axis.label(window.start))"
        case (_, let end?): "\(window.label): \(axis.label(window.start)) to \(axis.label(end))"
        case (_, nil): "\(window.label): from \(axis.label(window.start)), never undone"
        }
    }

    /// Windows as translucent bands behind every chart; instants as thin dotted lines.
    mutating func drawFaultShading(top: Double, bottom: Double) {
        for window in faultWindows {
            let start = axis.x(window.start)
            let color = ReportPalette.fault(window.category)
            if window.category == .instant {
                background.line(x1: start, y1: top, x2: start, y2: bottom, stroke: color, width: 0.8, dashed: true)
                continue
            }
            let end = axis.x(window.end ?? axis.end)
            background.rectangle(
                x: start, y: top, width: max(end - start, 1.5), height: bottom - top, fill: color, opacity: 0.09)
        }
    }
}
