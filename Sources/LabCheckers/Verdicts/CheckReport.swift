/// The verdicts of a set of checkers on one recording, and their plain-text table.
public struct CheckReport: Sendable {
    public var results: [CheckResult]

    public init(results: [CheckResult]) {
        self.results = results
    }

    /// Runs each checker on the recording, in order.
    public static func run(_ checkers: [any RunChecker] = StandardCheckers.all, on recording: RunRecording)
        -> CheckReport
    {
        CheckReport(results: checkers.map { $0.check(recording) })
    }

    /// The worst verdict (`ok` when there are no results).
    public var verdict: CheckVerdict { results.map(\.verdict).max() ?? .ok }

    public func result(_ checker: String) -> CheckResult? { results.first { $0.checker == checker } }

    /// One row per checker (name, verdict, summary), each followed by its evidence indented,
    /// violations first as the checkers sort them, at most `maximumEvidence` lines then `… N more`.
    ///
    /// ```
    /// checker          verdict    summary
    /// lost-updates     violation  3 of 120 acknowledged updates lost: ...
    ///     ✗ counter-increment #812 on counter-3 ...
    ///     · ...
    /// ```
    public func renderText(maximumEvidence: Int = 10) -> String {
        let nameWidth = max("checker".count, results.map(\.checker.count).max() ?? 0)
        let verdictWidth = "violation".count
        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        var lines = ["\(pad("checker", nameWidth))  \(pad("verdict", verdictWidth))  summary"]
        for result in results {
            lines.append(
                "\(pad(result.checker, nameWidth))  \(pad(result.verdict.rawValue, verdictWidth))  \(result.summary)")
            for item in result.evidence.prefix(maximumEvidence) {
                lines.append("    \(item.isViolation ? "✗" : "·") \(item.text)")
            }
            if result.evidence.count > maximumEvidence {
                lines.append("    … \(result.evidence.count - maximumEvidence) more")
            }
        }
        lines.append("overall: \(verdict.rawValue)")
        return lines.joined(separator: "\n") + "\n"
    }
}
