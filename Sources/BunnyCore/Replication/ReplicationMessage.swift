/// One entry of the single ordered replication stream to a peer. Stores and names share one
/// stream so a name can never be committed on the peer before its store exists there
/// (DECISIONS 30; the reference's two independent queues allow that, `cluster.md` §13.6).
public enum ReplicationMessage: Equatable, Sendable {
    case store(StoreReplicationMessage)
    case registry(RegistryReplicationMessage)
}

extension ReplicationMessage {
    /// When the primary queued the message (its `timestamp`), for the replication-lag metric.
    public var enqueuedAt: WallTime {
        switch self {
        case .store(let message): message.timestamp
        case .registry(let message): message.timestamp
        }
    }
}
