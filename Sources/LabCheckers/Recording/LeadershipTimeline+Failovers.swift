extension LeadershipTimeline {
    /// The real failovers of every pair, numbered in order of promotion.
    ///
    /// ``promotions(inPair:)`` returns every term after the pair's first, which also includes
    /// terms that only *look* new: a paused primary that resumes (unreachable samples split its
    /// term), or a restarted smallest-ID node that starts again as PRIMARY at epoch 1. A failover
    /// is a term whose epoch is higher than every earlier PRIMARY epoch of the pair, on a node
    /// other than the previous leader's; `previous` is the highest-epoch earlier term (its latest
    /// piece when gaps in the samples split it).
    public func failovers() -> [Failover] {
        var found: [(pair: Int, previous: LeadershipTerm, promoted: LeadershipTerm)] = []
        var leaderByPair: [Int: LeadershipTerm] = [:]
        for term in terms {
            guard let leader = leaderByPair[term.pair] else {
                leaderByPair[term.pair] = term
                continue
            }
            if term.epoch == leader.epoch && term.node == leader.node {
                leaderByPair[term.pair] = term  // the same leader after a gap in its samples
                continue
            }
            guard term.epoch > leader.epoch else { continue }
            if term.node != leader.node { found.append((term.pair, leader, term)) }
            leaderByPair[term.pair] = term
        }
        return found.enumerated().map { index, failover in
            Failover(number: index + 1, pair: failover.pair, previous: failover.previous, promoted: failover.promoted)
        }
    }
}
