/// Where a node stood in the pair's history when it last wrote its data to disk: its epoch,
/// and whether it was the PRIMARY of that epoch (the node that accepted the writes) or its
/// SECONDARY (a copy that may lag by the replication backlog).
///
/// Two nodes restarted from their data directories compare standings to decide which one
/// holds the newest data (`Replica+Persistence`): a higher epoch is a later line of history;
/// at one epoch the primary holds everything the secondary holds, and more.
public struct DurableStanding: Equatable, Sendable, CustomStringConvertible {
    public var epoch: UInt64
    public var wasPrimary: Bool

    public init(epoch: UInt64, wasPrimary: Bool) {
        self.epoch = epoch
        self.wasPrimary = wasPrimary
    }

    /// Whether this standing holds newer data than `other`; on a full tie the smaller host ID
    /// wins, so two nodes comparing their standings always reach the same answer.
    public func isNewer(than other: DurableStanding, hostID: String, otherHostID: String) -> Bool {
        if epoch != other.epoch { return epoch > other.epoch }
        if wasPrimary != other.wasPrimary { return wasPrimary }
        return hostID.utf8.lexicographicallyPrecedes(otherHostID.utf8)
    }

    public var description: String { "epoch \(epoch) as \(wasPrimary ? "PRIMARY" : "SECONDARY")" }
}
