import LabCore

/// Why a node became PRIMARY at a higher epoch.
public enum PromotionCause: String, Sendable, Hashable {
    /// A SECONDARY whose lease ran out (> 4 s without heartbeats): the failover the timing
    /// window and the LockStateUnknown window are about.
    case leaseExpiry = "lease"
    /// The operator's force-promote (a `promote` fault on that node) of a node that was not
    /// PRIMARY: it opens the LockStateUnknown window but has no lease timing.
    case operatorPromote = "operator"
    /// The node was already PRIMARY and only its epoch rose (an operator promote of a primary,
    /// or an equal-epoch split brain being resolved): no LockStateUnknown window.
    case alreadyPrimary = "already-primary"
}

extension Failover {
    /// The cause, from the promoted node's last sample before the promotion and the fault log.
    public func cause(in recording: RunRecording, timeline: LeadershipTimeline) -> PromotionCause {
        let before = timeline.sample(of: promoted.node, atOrBefore: promoted.startEarliestNanoseconds)
        if before?.isPrimary == true { return .alreadyPrimary }
        let operatorPromote = recording.faults.contains { fault in
            guard case .promote = fault.request.command, fault.targets.contains(promoted.node) else { return false }
            return fault.timeNanoseconds >= promoted.startEarliestNanoseconds - 500_000_000
                && fault.timeNanoseconds <= promoted.firstSeenNanoseconds
        }
        return operatorPromote ? .operatorPromote : .leaseExpiry
    }
}
