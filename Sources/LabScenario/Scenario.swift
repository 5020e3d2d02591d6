import LabCore

/// A declarative chaos scenario (YAML, see `docs/scenarios.md`): the cluster, the workloads,
/// a timeline of steps with narration, and the expectations that judge the run.
public struct Scenario: Sendable, Equatable {
    /// The file name without extension, unless the file names itself.
    public var name: String
    public var title: String
    /// What the failover model predicts and why: printed by `bblab explain` and `--narrate`.
    public var explanation: String
    public var pairs: Int
    public var daemonFlags: [String]
    public var workloads: [WorkloadSpecification]
    /// Seconds of workload; the steps happen within it.
    public var durationSeconds: Double
    public var steps: [ScenarioStep]
    /// Seconds of quiet once the cluster settled after the final restore, before the reads.
    public var quietSeconds: Double
    public var expectations: [ScenarioExpectation]
    /// A seed the file asks for (the command line's `--seed` wins).
    public var seed: UInt64?
    /// Random faults drawn from a seed over the whole workload (`chaos:`), beside the steps.
    public var chaos: ChaosSettings?
    /// `folder_runs: false`: left out when its folder is run (`bblab run Scenarios/`), for
    /// long runs such as the soak; naming the file runs it.
    public var runsWithFolder = true

    public init(
        name: String, title: String, explanation: String = "", pairs: Int = 1, daemonFlags: [String] = [],
        workloads: [WorkloadSpecification], durationSeconds: Double, steps: [ScenarioStep] = [],
        quietSeconds: Double = 0.5, expectations: [ScenarioExpectation] = [], seed: UInt64? = nil,
        chaos: ChaosSettings? = nil
    ) {
        self.name = name
        self.title = title
        self.explanation = explanation
        self.pairs = pairs
        self.daemonFlags = daemonFlags
        self.workloads = workloads
        self.durationSeconds = durationSeconds
        self.steps = steps
        self.quietSeconds = quietSeconds
        self.expectations = expectations
        self.seed = seed
        self.chaos = chaos
    }
}
