import LabCheckers

/// The run's timeline as one SVG: every chart stacked on one shared time axis, so a failover,
/// the fault that caused it, the messages that stopped and the operations that failed line up
/// vertically. Drawn top to bottom: axis, failover labels, fault labels, role bands, message
/// rates, throughput, latency scatter per workload, axis. Fault windows are shaded across all
/// charts, evidence spans across the operation charts, failovers are dashed vertical lines.
struct TimelineChart {
    static let width = 1200.0
    static let plotLeft = 200.0
    static let plotWidth = 980.0

    let recording: RunRecording
    let axis: ReportTimeAxis
    let faultWindows: [FaultWindow]
    let promotions: [LeadershipTerm]
    let evidence: [NumberedEvidence]
    let sample: OperationSample
    /// Operation id → the numbers of the evidence items that name it.
    let evidenceByOperation: [Int: [Int]]

    /// Behind the charts: grid, fault shading, evidence bands.
    var background = SVGCanvas()
    var content = SVGCanvas()
    /// Above the charts: failover lines.
    var overlay = SVGCanvas()
    /// The next free y.
    var y = 0.0
    var chartsTop = 0.0
    var operationsTop = 0.0
    var operationsBottom = 0.0

    init(
        recording: RunRecording, axis: ReportTimeAxis, faultWindows: [FaultWindow], promotions: [LeadershipTerm],
        evidence: [NumberedEvidence], sample: OperationSample
    ) {
        self.recording = recording
        self.axis = axis
        self.faultWindows = faultWindows
        self.promotions = promotions
        self.evidence = evidence
        self.sample = sample
        var byOperation: [Int: [Int]] = [:]
        for item in evidence {
            for id in item.evidence.operationIDs { byOperation[id, default: []].append(item.number) }
        }
        self.evidenceByOperation = byOperation
    }

    /// The whole `<svg>` element, inline in HTML (so no `xmlns`: the page has no URL at all).
    mutating func render() -> String {
        drawAxis(atTop: true)
        let failoverLabelsTop = y
        drawFailoverLabels()
        drawFaultLabels()
        chartsTop = y
        drawRoleBands()
        drawMessageRates()
        operationsTop = y
        drawThroughput()
        drawOperationScatter()
        operationsBottom = y
        let chartsBottom = y
        drawAxis(atTop: false)
        drawGrid(top: chartsTop, bottom: chartsBottom)
        drawFaultShading(top: chartsTop, bottom: chartsBottom)
        drawEvidenceBands(top: operationsTop, bottom: operationsBottom)
        drawFailoverLines(top: failoverLabelsTop, bottom: chartsBottom)
        let height = y + 4
        var svg = "<svg class=\"timeline\" viewBox=\"0 0 "
        svg += "\(ReportNumber.coordinate(Self.width)) \(ReportNumber.coordinate(height))\""
        svg += " width=\"\(ReportNumber.coordinate(Self.width))\" height=\"\(ReportNumber.coordinate(height))\""
        svg += " role=\"img\" aria-label=\"Run timeline\">"
        svg += background.text + content.text + overlay.text + "</svg>"
        return svg
    }

    /// A section title in the left column.
    mutating func sectionTitle(_ title: String) {
        content.label(title, x: 4, y: y + 13, className: "section")
        y += 18
    }

    private mutating func drawAxis(atTop: Bool) {
        let baseline = atTop ? y + 20 : y + 2
        content.line(x1: axis.left, y1: baseline, x2: axis.right, y2: baseline, stroke: "#999")
        for tick in axis.ticks {
            let x = axis.x(tick.time)
            content.line(x1: x, y1: baseline, x2: x, y2: baseline + (atTop ? -4 : 4), stroke: "#999")
            content.label(
                tick.label, x: x, y: atTop ? baseline - 7 : baseline + 15, anchor: "middle", className: "tick")
        }
        let caption = axis.origin == 0 ? "seconds since the run started" : "seconds since the first operation"
        content.label(caption, x: 4, y: atTop ? baseline - 7 : baseline + 15, className: "tick")
        y = atTop ? baseline + 4 : baseline + 22
    }

    private mutating func drawGrid(top: Double, bottom: Double) {
        for tick in axis.ticks {
            let x = axis.x(tick.time)
            background.line(x1: x, y1: top, x2: x, y2: bottom, stroke: ReportPalette.grid)
        }
    }

    /// Dashed lines at each promotion, from the failover labels to the bottom.
    private mutating func drawFailoverLines(top: Double, bottom: Double) {
        for term in promotions {
            let x = axis.x(term.startNanoseconds)
            overlay.line(
                x1: x, y1: top, x2: x, y2: bottom, stroke: ReportPalette.failover, width: 1.2, dashed: true,
                title: failoverTitle(term))
        }
    }

    func failoverLabel(_ term: LeadershipTerm) -> String { "\(term.node) PRIMARY, epoch \(term.epoch)" }

    func failoverTitle(_ term: LeadershipTerm) -> String {
        "\(failoverLabel(term)) at \(axis.label(term.startNanoseconds)) "
            + "(first seen \(axis.label(term.firstSeenNanoseconds)), pair \(term.pair))"
    }

    private mutating func drawFailoverLabels() {
        guard !promotions.isEmpty else { return }
        var rows = LabelRows()
        var placed: [(row: Int, x: Double, text: String, title: String)] = []
        for term in promotions {
            let x = axis.x(term.startNanoseconds)
            let text = failoverLabel(term)
            let labelWidth = LabelRows.width(of: text)
            let start = x + 3 + labelWidth > Self.width ? x - 3 - labelWidth : x + 3
            let row = rows.place(start: start, end: start + labelWidth)
            placed.append((row, start, text, failoverTitle(term)))
        }
        content.label("failovers", x: 4, y: y + 12, className: "section")
        for label in placed {
            content.label(label.text, x: label.x, y: y + 12 + Double(label.row) * 14, className: "failover")
        }
        y += Double(rows.count) * 14 + 4
    }
}
