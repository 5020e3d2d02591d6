/// One node's time as PRIMARY of its pair at one epoch, as the status timeline saw it.
///
/// Polling is every ~50 ms, so each instant is a bracket: the term began after
/// `startEarliestNanoseconds` (the node's last sample that was not PRIMARY at this epoch) and
/// no later than `firstSeenNanoseconds`; `startNanoseconds` narrows that with `/status`
/// `last_leader_seen` (a PRIMARY's time since it took the lead). Likewise it ended after
/// `lastSeenNanoseconds` and no later than `endLatestNanoseconds` (`nil`: still PRIMARY at the
/// last sample).
public struct LeadershipTerm: Sendable, Hashable {
    public var pair: Int
    public var epoch: UInt64
    public var node: String
    public var startEarliestNanoseconds: Int64
    public var startNanoseconds: Int64
    public var firstSeenNanoseconds: Int64
    public var lastSeenNanoseconds: Int64
    public var endLatestNanoseconds: Int64?

    public init(
        pair: Int, epoch: UInt64, node: String, startEarliestNanoseconds: Int64, startNanoseconds: Int64,
        firstSeenNanoseconds: Int64, lastSeenNanoseconds: Int64, endLatestNanoseconds: Int64?
    ) {
        self.pair = pair
        self.epoch = epoch
        self.node = node
        self.startEarliestNanoseconds = startEarliestNanoseconds
        self.startNanoseconds = startNanoseconds
        self.firstSeenNanoseconds = firstSeenNanoseconds
        self.lastSeenNanoseconds = lastSeenNanoseconds
        self.endLatestNanoseconds = endLatestNanoseconds
    }

    /// Surely PRIMARY at `time` (between two samples that both showed it).
    public func surelyCovers(_ time: Int64) -> Bool { firstSeenNanoseconds <= time && time <= lastSeenNanoseconds }

    /// Possibly PRIMARY at `time`.
    public func possiblyCovers(_ time: Int64) -> Bool {
        startEarliestNanoseconds < time && time < (endLatestNanoseconds ?? Int64.max)
    }
}
