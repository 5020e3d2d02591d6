/// The auction checker's running verdicts: evidence items and counts, filled key by key.
struct AuctionJudgment {
    let failovers: [Failover]
    let faults: [FaultObservation]
    let windows: FailoverWindows
    let settleNanoseconds: Int64

    var evidence: [CheckEvidence] = []
    /// Why some property could not be decided (no final read).
    var undecided: [String] = []
    var watchersAtFinal = 0
    var watchersCut = 0
    var watchersAhead = 0
    var watchersBehind = 0
    var rollbacks = 0

    init(failovers: [Failover], faults: [FaultObservation], windows: FailoverWindows, settleNanoseconds: Int64) {
        self.failovers = failovers
        self.faults = faults
        self.windows = windows
        self.settleNanoseconds = settleNanoseconds
    }

    mutating func add(
        _ kind: String, _ text: String, operations: [HistoryOperation], violation: Bool
    ) {
        evidence.append(
            CheckEvidence(
                kind: kind, text: text, operationIDs: operations.map(\.id),
                startNanoseconds: operations.map(\.invokeNanoseconds).min(),
                endNanoseconds: operations.map(\.completeNanoseconds).max(), isViolation: violation))
    }

    /// Whether a failover or a fault on `node` (any node when `nil`) may have happened in
    /// `[start, end]`: what can make a node's state go back.
    func disturbed(node: String?, from start: Int64, to end: Int64) -> Bool {
        let promoted = failovers.contains { failover in
            failover.promoted.startEarliestNanoseconds <= end && failover.promoted.firstSeenNanoseconds >= start
                && (node == nil || failover.promoted.node == node || failover.previous.node == node)
        }
        return promoted
            || faults.contains { fault in
                fault.timeNanoseconds >= start && fault.timeNanoseconds <= end
                    && (node == nil || fault.targets.isEmpty || fault.targets.contains(node!))
            }
    }
}
