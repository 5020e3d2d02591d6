import LabCheckers

/// Throughput per bin by outcome, then one latency scatter per workload (log scale), with the
/// operations named by evidence drawn as outlined diamonds.
extension TimelineChart {
    mutating func drawThroughput() {
        guard !recording.history.isEmpty else { return }
        sectionTitle("operations per \(binText) (by completion)")
        var ok = Array(repeating: 0, count: axis.binCount)
        var fail = ok
        var unknown = ok
        for operation in recording.history {
            guard let bin = axis.bin(of: operation.completeNanoseconds) else { continue }
            switch operation.outcome {
            case .ok: ok[bin] += 1
            case .fail: fail[bin] += 1
            case .unknown: unknown[bin] += 1
            }
        }
        let peak = max((0..<ok.count).map { ok[$0] + fail[$0] + unknown[$0] }.max() ?? 0, 1)
        let rowHeight = 64.0
        let bottom = y + rowHeight - 4
        let scale = (rowHeight - 8) / Double(peak)
        let barWidth = max(Double(axis.binNanoseconds) / Double(axis.end - axis.start) * axis.width - 0.4, 0.6)
        content.label("all workloads", x: 12, y: y + 11, className: "row")
        content.label("peak \(peak)", x: 12, y: y + 24, className: "row-detail")
        content.line(x1: axis.left, y1: bottom, x2: axis.right, y2: bottom, stroke: "#bbb", width: 0.6)
        var okBars: [(x: Double, top: Double, bottom: Double)] = []
        var unknownBars = okBars
        var failBars = okBars
        for bin in 0..<ok.count {
            let x = axis.x(axis.binStart(bin))
            let okTop = bottom - Double(ok[bin]) * scale
            let unknownTop = okTop - Double(unknown[bin]) * scale
            let failTop = unknownTop - Double(fail[bin]) * scale
            okBars.append((x, okTop, bottom))
            unknownBars.append((x, unknownTop, okTop))
            failBars.append((x, failTop, unknownTop))
        }
        content.bars(okBars, width: barWidth, color: ReportPalette.operationOK)
        content.bars(unknownBars, width: barWidth, color: ReportPalette.operationUnknown)
        content.bars(failBars, width: barWidth, color: ReportPalette.operationFail)
        y += rowHeight + 4
    }

    mutating func drawOperationScatter() {
        guard !sample.operations.isEmpty else { return }
        var title = "latency by completion time (log scale)"
        if sample.omittedCount > 0 {
            title += " — \(sample.omittedCount) of \(recording.history.count) acknowledged operations thinned out"
        }
        sectionTitle(title)
        let latencies = sample.operations.map { max($0.completeNanoseconds - $0.invokeNanoseconds, 1_000) }
        let lowExponent = Int(ReportMath.log10(Double(latencies.min() ?? 1_000)).rounded(.down))
        let highExponent = max(
            Int(ReportMath.log10(Double(latencies.max() ?? 1_000_000)).rounded(.up)), lowExponent + 1)
        var workloads: [String] = []
        var byWorkload: [String: [HistoryOperation]] = [:]
        for operation in sample.operations {
            if byWorkload[operation.workload] == nil { workloads.append(operation.workload) }
            byWorkload[operation.workload, default: []].append(operation)
        }
        if let final = workloads.firstIndex(of: "final") { workloads.append(workloads.remove(at: final)) }
        let rowHeight = 110.0
        for workload in workloads {
            let operations = byWorkload[workload] ?? []
            let top = y + 4
            let bottom = y + rowHeight - 6
            func yOf(_ latency: Int64) -> Double {
                let position =
                    (ReportMath.log10(Double(max(latency, 1_000))) - Double(lowExponent))
                    / Double(highExponent - lowExponent)
                return bottom - position * (bottom - top)
            }
            let counts = outcomeCounts(workload)
            content.label(workload, x: 12, y: top + 10, className: "row")
            content.label("\(counts.ok) ok · \(counts.fail) fail", x: 12, y: top + 23, className: "row-detail")
            content.label("\(counts.unknown) unknown", x: 12, y: top + 35, className: "row-detail")
            content.rectangle(
                x: axis.left, y: top, width: axis.width, height: bottom - top, fill: "none", className: "frame")
            for exponent in lowExponent...highExponent {
                let tickY = yOf(Int64(ReportMath.powerOfTen(exponent)))
                content.line(
                    x1: axis.left, y1: tickY, x2: axis.right, y2: tickY, stroke: ReportPalette.grid, width: 0.6)
                content.label(
                    ReportNumber.powerOfTenDuration(exponent: exponent), x: axis.left - 4, y: tickY + 3, anchor: "end",
                    className: "tick")
            }
            var okPoints: [(x: Double, y: Double)] = []
            var failPoints = okPoints
            var unknownPoints = okPoints
            var marked: [HistoryOperation] = []
            for operation in operations {
                if evidenceByOperation[operation.id] != nil {
                    marked.append(operation)
                    continue
                }
                let point = (
                    x: axis.x(operation.completeNanoseconds),
                    y: yOf(operation.completeNanoseconds - operation.invokeNanoseconds)
                )
                switch operation.outcome {
                case .ok: okPoints.append(point)
                case .fail: failPoints.append(point)
                case .unknown: unknownPoints.append(point)
                }
            }
            content.dots(okPoints, color: ReportPalette.operationOK, diameter: 3, opacity: 0.55)
            content.dots(unknownPoints, color: ReportPalette.operationUnknown, diameter: 4, opacity: 0.85)
            content.dots(failPoints, color: ReportPalette.operationFail, diameter: 4, opacity: 0.85)
            let violatingNumbers = Set(evidence.filter(\.evidence.isViolation).map(\.number))
            for operation in marked {
                let numbers = evidenceByOperation[operation.id] ?? []
                // Red only when some evidence naming it is a violation; grey for allowed ones.
                let violating = numbers.contains { violatingNumbers.contains($0) }
                content.diamond(
                    x: axis.x(operation.completeNanoseconds),
                    y: yOf(operation.completeNanoseconds - operation.invokeNanoseconds), size: 4.5,
                    fill: violating ? ReportPalette.violation : ReportPalette.explained, stroke: "#000",
                    title: operationTitle(operation) + " — evidence "
                        + numbers.map { "E\($0)" }.joined(separator: ", "))
            }
            y += rowHeight
        }
    }

    /// `#812 counter-increment counter-3 on node1: ok in 3.2 ms, 6.212 s → 6.215 s`.
    func operationTitle(_ operation: HistoryOperation) -> String {
        var text = "#\(operation.id) \(operation.kind.rawValue) \(operation.key) on \(operation.node): "
        text += operation.outcome.rawValue
        if let error = operation.error { text += " (\(error))" }
        text += " in " + ReportNumber.duration(nanoseconds: operation.completeNanoseconds - operation.invokeNanoseconds)
        text += ", \(axis.label(operation.invokeNanoseconds)) → \(axis.label(operation.completeNanoseconds))"
        return text
    }

    private func outcomeCounts(_ workload: String) -> (ok: Int, fail: Int, unknown: Int) {
        var counts = (ok: 0, fail: 0, unknown: 0)
        for operation in recording.history where operation.workload == workload {
            switch operation.outcome {
            case .ok: counts.ok += 1
            case .fail: counts.fail += 1
            case .unknown: counts.unknown += 1
            }
        }
        return counts
    }

    /// Evidence spans as bands over the operation charts, labelled with their number. Every
    /// violation gets a band (up to 100); explained items (allowed losses, reported windows) only
    /// when there are few of them — hundreds of allowed losses would bury the picture, and their
    /// operations are marked in the scatter anyway.
    mutating func drawEvidenceBands(top: Double, bottom: Double) {
        guard bottom > top else { return }
        var rows = LabelRows()
        let violations = evidence.filter(\.evidence.isViolation).prefix(100)
        let explained = evidence.filter { !$0.evidence.isViolation }
        let banded = Array(violations) + (explained.count <= 20 ? explained : [])
        for item in banded {
            guard let start = item.evidence.startNanoseconds else { continue }
            let end = item.evidence.endNanoseconds ?? start
            let x = axis.x(start)
            let width = max(axis.x(end) - x, 2)
            let color = item.evidence.isViolation ? ReportPalette.violation : ReportPalette.explained
            background.rectangle(
                x: x, y: top, width: width, height: bottom - top, fill: color, opacity: 0.13,
                title: "\(item.label) \(item.checker): \(item.evidence.text)")
            let row = rows.place(start: x, end: x + LabelRows.width(of: item.label))
            overlay.label(
                item.label, x: x + 2, y: top + 10 + Double(row % 4) * 11, className: "evidence-label", fill: color)
        }
    }
}
