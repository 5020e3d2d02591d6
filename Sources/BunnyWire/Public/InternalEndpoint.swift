/// The peer endpoints under `/internal/` (`internal-protocol.md` §3).
public enum InternalEndpoint: Sendable, Equatable {
    case heartbeat
    case replicate
    case replicateRegistry
    /// Our extension: several replication messages in one request (`ReplicationBatchCodec`).
    case replicateBatch
    /// Our extension: a batch with store messages in binary (`ReplicationBinaryBatchCodec`).
    case replicateBinary
    case joinSnapshot
    case registryReserve
    case registryCommit
    case registryAbort
    case registryLookup
    case registryDelete
}
