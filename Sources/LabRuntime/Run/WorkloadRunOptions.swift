import LabCore
import LabScenario

/// A run of workloads against a fresh lab: `bblab run --workload …` or a scenario file.
public struct WorkloadRunOptions: Sendable {
    public var lab: LabOptions
    public var workloads: [WorkloadSpecification]
    public var duration: Duration
    /// The timeline: faults at times or after events, with narration.
    public var steps: [ScenarioStep]
    /// A second timeline beside `steps`: a `chaos:` plan's faults and heals (all `at:`),
    /// numbered after the steps in `schedule.jsonl`.
    public var chaosSteps: [ScenarioStep] = []
    /// How long to wait, after restoring the cluster, for every pair to settle (one PRIMARY,
    /// one SECONDARY, empty queues) before the final reads.
    public var settleTimeout: Duration = .seconds(20)
    /// Extra quiet time once settled (lets TTLs and tombstones play out before the reads).
    public var quietPeriod: Duration = .milliseconds(500)
    /// Narrate as it happens: each step's text, role and epoch changes with their reasons, the
    /// lease countdown while a secondary hears no heartbeats.
    public var narrate = false
    /// Recorded in `run.json` (scenario runs).
    public var scenarioName: String?

    public init(lab: LabOptions, workloads: [WorkloadSpecification], duration: Duration, steps: [ScenarioStep] = []) {
        self.lab = lab
        self.workloads = workloads
        self.duration = duration
        self.steps = steps
    }
}
