import LabCore

/// `bblab run --workload …`: the cluster, the workloads, how long, and the faults on the way.
public struct WorkloadRunOptions: Sendable {
    public var lab: LabOptions
    public var workloads: [WorkloadSpecification]
    public var duration: Duration
    public var faults: [TimedFault]
    /// How long to wait, after restoring the cluster, for every pair to settle (one PRIMARY,
    /// one SECONDARY, empty queues) before the final reads.
    public var settleTimeout: Duration = .seconds(20)
    /// Extra quiet time once settled (lets TTLs and tombstones play out before the reads).
    public var quietPeriod: Duration = .milliseconds(500)

    public init(lab: LabOptions, workloads: [WorkloadSpecification], duration: Duration, faults: [TimedFault] = []) {
        self.lab = lab
        self.workloads = workloads
        self.duration = duration
        self.faults = faults
    }
}
