/// One lease failover of a pair: the node that led before (`previous`) and the term that the
/// promotion started (`promoted`, at a higher epoch than any earlier PRIMARY of the pair).
public struct Failover: Sendable, Hashable {
    /// 1-based, in order of promotion over the whole run (all pairs), for figure names.
    public var number: Int
    public var pair: Int
    public var previous: LeadershipTerm
    public var promoted: LeadershipTerm

    public init(number: Int, pair: Int, previous: LeadershipTerm, promoted: LeadershipTerm) {
        self.number = number
        self.pair = pair
        self.previous = previous
        self.promoted = promoted
    }

    /// `node1->node2`: the link the old primary's heartbeats and replication took to the new one.
    public var peerLink: String { "\(previous.node)->\(promoted.node)" }
}
