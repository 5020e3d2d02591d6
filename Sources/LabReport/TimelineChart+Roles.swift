import LabCheckers

/// One band per node, coloured by role, with the epoch written in each segment.
extension TimelineChart {
    mutating func drawRoleBands() {
        let nodes =
            recording.nodes.isEmpty ? Array(Set(recording.status.map(\.node))).sorted() : recording.nodes.map(\.name)
        guard !nodes.isEmpty else { return }
        sectionTitle("roles and epochs")
        let showPairs = Set(recording.nodes.map(\.pair)).count > 1
        for node in nodes {
            let pairText = showPairs ? recording.pair(of: node).map { " (pair \($0))" } ?? "" : ""
            content.label(node + pairText, x: 12, y: y + 14, className: "row")
            content.rectangle(x: axis.left, y: y, width: axis.width, height: 20, fill: "#fafafa", className: "band")
            let segments = RoleSegment.coalesced(
                RoleSegment.segments(of: node, in: recording.status), minimumDuration: (axis.end - axis.start) / 2_000)
            for segment in segments {
                let start = axis.x(segment.start)
                let width = max(axis.x(segment.end) - start, 1)
                let title =
                    segment.role == RoleSegment.unreachable
                    ? "\(node) unreachable: \(axis.label(segment.start)) to \(axis.label(segment.end))"
                    : "\(node) \(segment.role), epoch \(segment.epoch): "
                        + "\(axis.label(segment.start)) to \(axis.label(segment.end))"
                content.rectangle(
                    x: start, y: y, width: width, height: 20, fill: ReportPalette.role(segment.role), title: title)
                if let text = segmentText(segment, width: width) {
                    let textClass = segment.role == "PRIMARY" ? "band-text light" : "band-text"
                    content.label(text, x: start + width / 2, y: y + 14, anchor: "middle", className: textClass)
                }
            }
            y += 24
        }
        drawDualPrimaryStrip()
        y += 4
    }

    /// A red strip under the bands wherever two nodes of a pair were PRIMARY at once.
    private mutating func drawDualPrimaryStrip() {
        let windows = DualPrimaryWindow.windows(in: recording)
        guard !windows.isEmpty else { return }
        content.label("two PRIMARYs", x: 12, y: y + 9, className: "row-detail", fill: ReportPalette.violation)
        for window in windows {
            let start = axis.x(window.start)
            let title =
                "\(window.nodes.joined(separator: " and ")) both PRIMARY (epochs "
                + "\(window.epochs.map(String.init).joined(separator: " and "))): "
                + "\(axis.label(window.start)) to \(axis.label(window.end)), as polled"
            content.rectangle(
                x: start, y: y + 1, width: max(axis.x(window.end) - start, 2), height: 8,
                fill: ReportPalette.violation, title: title)
        }
        y += 12
    }

    /// What fits in a segment: role and epoch, the epoch alone, or nothing.
    private func segmentText(_ segment: RoleSegment, width: Double) -> String? {
        if segment.role == RoleSegment.unreachable { return width >= 80 ? "unreachable" : nil }
        let full = "\(segment.role) · epoch \(segment.epoch)"
        if width >= LabelRows.width(of: full) + 4 { return full }
        let short = "e\(segment.epoch)"
        return width >= LabelRows.width(of: short) + 2 ? short : nil
    }
}
