/// A scenario's `chaos:` section: random faults drawn from a seed over the whole workload.
///
///     chaos:
///       seed: 11                 # optional; default: the run's seed
///       start: 10s               # no fault before this (default 5 s)
///       gap: [5s, 20s]           # quiet time from one fault's heal to the next fault
///       hold: [2s, 10s]          # how long a fault stays before it is healed
///       faults: [kill, pause, partition, delay]   # default: every kind; a repeat weighs double
///       overlap: false           # true: gaps count from the previous fault's start
///       both_down: false         # true: both nodes of a pair may be down at once
///
/// The plan is a pure function of these settings, the cluster's pairs, the workload's duration
/// and the seed (``ChaosPlanner``).
public struct ChaosSettings: Sendable, Equatable {
    public var seed: UInt64?
    public var startSeconds: Double
    public var gapSeconds: ClosedRange<Double>
    public var holdSeconds: ClosedRange<Double>
    /// Drawn uniformly; a kind listed twice is drawn twice as often.
    public var kinds: [ChaosFaultKind]
    public var overlap: Bool
    public var allowsBothDown: Bool
    /// The `chaos:` line in the file, for messages.
    public var line: Int?

    public init(
        seed: UInt64? = nil, startSeconds: Double = 5, gapSeconds: ClosedRange<Double> = 5...20,
        holdSeconds: ClosedRange<Double> = 2...10, kinds: [ChaosFaultKind] = ChaosFaultKind.allCases,
        overlap: Bool = false, allowsBothDown: Bool = false, line: Int? = nil
    ) {
        self.seed = seed
        self.startSeconds = startSeconds
        self.gapSeconds = gapSeconds
        self.holdSeconds = holdSeconds
        self.kinds = kinds
        self.overlap = overlap
        self.allowsBothDown = allowsBothDown
        self.line = line
    }
}
