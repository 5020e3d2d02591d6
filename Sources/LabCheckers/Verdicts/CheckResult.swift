import BunnyCore

/// What one checker concluded about one run.
public struct CheckResult: Sendable, Hashable {
    /// The checker's name, e.g. `lost-updates`, `epoch-fencing`.
    public var checker: String
    public var verdict: CheckVerdict
    /// One line for the summary table.
    public var summary: String
    public var evidence: [CheckEvidence]
    public var figures: [CheckFigure]

    public init(
        checker: String, verdict: CheckVerdict, summary: String, evidence: [CheckEvidence] = [],
        figures: [CheckFigure] = []
    ) {
        self.checker = checker
        self.verdict = verdict
        self.summary = summary
        self.evidence = evidence
        self.figures = figures
    }

    public func figure(_ name: String) -> Double? { figures.first { $0.name == name }?.value }
}
