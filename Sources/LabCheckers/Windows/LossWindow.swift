/// A span in which the contract allows acknowledged writes on one node to be lost.
public struct LossWindow: Sendable, Hashable {
    public var cause: LossCause
    public var pair: Int
    /// The node whose acknowledgements may be lost: the old primary, or the losing side.
    public var losingNode: String
    /// The node that took over (the new primary, or the winning side).
    public var winningNode: String
    /// Lab-clock span; a write whose [invoke, complete] overlaps it is a candidate.
    public var startNanoseconds: Int64
    public var endNanoseconds: Int64
    /// The failover it belongs to (async windows), for figure and evidence text.
    public var failoverNumber: Int?
    /// How the start was found (`after the last replicate delivered at 5.012 s`, ...).
    public var reason: String

    public init(
        cause: LossCause, pair: Int, losingNode: String, winningNode: String, startNanoseconds: Int64,
        endNanoseconds: Int64, failoverNumber: Int?, reason: String
    ) {
        self.cause = cause
        self.pair = pair
        self.losingNode = losingNode
        self.winningNode = winningNode
        self.startNanoseconds = startNanoseconds
        self.endNanoseconds = endNanoseconds
        self.failoverNumber = failoverNumber
        self.reason = reason
    }

    /// `async window of failover 1 (node1→node2, 4.812 s–5.050 s, after the last replicate ...)`.
    public var description: String {
        let span =
            "\(TimeText.seconds(startNanoseconds))–\(endNanoseconds == .max ? "end" : TimeText.seconds(endNanoseconds))"
        switch cause {
        case .asyncWindow:
            return "async window of failover \(failoverNumber ?? 0) (\(losingNode)→\(winningNode), \(span), \(reason))"
        case .splitBrain:
            return "split brain (\(losingNode) losing to \(winningNode), \(span), \(reason))"
        case .unexplained:
            return "no window"
        }
    }
}
