/// The peer endpoints under `/internal/` (`internal-protocol.md` §3).
public enum InternalEndpoint: Sendable, Equatable {
    case heartbeat
    case replicate
    case replicateRegistry
    case joinSnapshot
    case registryReserve
    case registryCommit
    case registryAbort
    case registryLookup
    case registryDelete
}
