import LabCheckers

/// How one expectation fared on a run.
public struct ExpectationOutcome: Sendable, Equatable {
    public var expectation: ScenarioExpectation
    /// `ok`: held; `violation`: broken; `unknown`: the run could not tell (no failover
    /// happened, a checker ran out of time or did not run).
    public var verdict: CheckVerdict
    /// What was measured, in words.
    public var detail: String

    public init(expectation: ScenarioExpectation, verdict: CheckVerdict, detail: String) {
        self.expectation = expectation
        self.verdict = verdict
        self.detail = detail
    }
}
