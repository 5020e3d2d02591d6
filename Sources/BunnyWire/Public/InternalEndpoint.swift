/// The peer endpoints under `/internal/` (`internal-protocol.md` §3).
public enum InternalEndpoint: Sendable, Equatable {
    case heartbeat
    case replicate
    case replicateRegistry
    /// Our extension: several replication messages in one request (`ReplicationBatchCodec`).
    case replicateBatch
    case joinSnapshot
    case registryReserve
    case registryCommit
    case registryAbort
    case registryLookup
    case registryDelete
}
