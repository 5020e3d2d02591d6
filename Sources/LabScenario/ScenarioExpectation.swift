import LabCheckers

/// One promise of the contract that a scenario's run must keep, judged from the checkers'
/// results (and, for settling after heal, from the status timeline).
public enum ScenarioExpectation: Sendable, Equatable {
    /// Every promotion happened this many seconds after the last heartbeat delivered.
    case failoverWithin(ClosedRange<Double>)
    /// How many failovers the run saw (per the failover-timing checker).
    case failovers(ClosedRange<Int>)
    /// Upper bounds on lost acknowledged updates by cause: `unexplained`, `async-window`,
    /// `split-brain`, `total`.
    case lostAcknowledged([String: Int])
    /// After the final restore, each pair shows exactly one PRIMARY within this many seconds.
    case singlePrimaryAfterHeal(seconds: Double)
    /// The register histories are linearizable within each epoch (`true`), or a violation is
    /// expected (`false`).
    case linearizable(Bool)
    /// A checker's verdict must be one of these.
    case verdict(checker: String, allowed: Set<CheckVerdict>)
    /// The longest window with two PRIMARYs (different epochs) in one pair.
    case dualPrimaryAtMost(seconds: Double)

    /// The expectation as written in the file.
    public var description: String {
        switch self {
        case .failoverWithin(let range): "failover_within: [\(range.lowerBound), \(range.upperBound)] s"
        case .failovers(let range):
            range.lowerBound == range.upperBound
                ? "failovers: \(range.lowerBound)" : "failovers: [\(range.lowerBound), \(range.upperBound)]"
        case .lostAcknowledged(let bounds):
            "lost_acknowledged: {"
                + bounds.sorted { $0.key < $1.key }.map { "\($0.key): ≤ \($0.value)" }.joined(
                    separator: ", ") + "}"
        case .singlePrimaryAfterHeal(let seconds): "single_primary_after_heal: \(ScenarioText.seconds(seconds))"
        case .linearizable(let expected): "linearizable: \(expected)"
        case .verdict(let checker, let allowed):
            "\(checker): \(allowed.map(\.rawValue).sorted().joined(separator: " or "))"
        case .dualPrimaryAtMost(let seconds): "dual_primary_at_most: \(ScenarioText.seconds(seconds))"
        }
    }
}
