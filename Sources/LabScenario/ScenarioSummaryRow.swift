import LabCheckers

/// One line of the table `bblab run` prints after its scenarios: the verdict, the failover
/// times, the losses by cause and where the report is.
public struct ScenarioSummaryRow: Sendable {
    public var scenario: String
    public var verdict: String
    public var expectations: String
    public var failovers: String
    public var losses: String
    public var report: String

    public init(
        scenario: String, checks: [CheckResult], expectations: [ExpectationOutcome], failure: String?, report: String
    ) {
        self.scenario = scenario
        self.report = report
        if failure != nil {
            verdict = "ERROR"
        } else {
            switch expectations.map(\.verdict).max() ?? .ok {
            case .ok: verdict = "pass"
            case .unknown: verdict = "unknown"
            case .violation: verdict = "FAIL"
            }
        }
        let held = expectations.filter { $0.verdict == .ok }.count
        self.expectations = failure == nil ? "\(held)/\(expectations.count)" : "-"
        let timing = checks.first { $0.checker == "failover-timing" }
        let count = Int(timing?.figure("failover.count") ?? 0)
        failovers =
            count == 0
            ? "-"
            : (1...count).compactMap { timing?.figure("failover.\($0).promotion-seconds") }
                .map { ExpectationEvaluator.format($0) + " s" }.joined(separator: ", ")
        let lost = checks.first { $0.checker == "lost-updates" }
        if let lost {
            let parts = [
                ("async", "lost.async-window"), ("split", "lost.split-brain"), ("unexplained", "lost.unexplained"),
            ]
            .map { label, figure in "\(label) \(Int(lost.figure(figure) ?? 0))" }
            losses = parts.joined(separator: ", ")
        } else {
            losses = "-"
        }
    }

    /// The rows as an aligned text table with a header.
    public static func table(_ rows: [ScenarioSummaryRow]) -> String {
        let header = [
            "scenario", "verdict", "expect", "failover (s after last heartbeat)", "lost acknowledged", "report",
        ]
        let cells =
            [header] + rows.map { [$0.scenario, $0.verdict, $0.expectations, $0.failovers, $0.losses, $0.report] }
        let widths = (0..<header.count).map { column in cells.map { $0[column].count }.max() ?? 0 }
        return cells.enumerated().map { index, row in
            let line = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            return index == 0 ? line + "\n" + String(repeating: "-", count: min(160, line.count)) : line
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}
