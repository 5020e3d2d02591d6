/// What the pair logic asks the shell to do, returned from cluster inputs.
public enum ClusterDirective: Equatable, Sendable {
    /// Ask every peer's `GET /status` for its role, then report with `onDiscovery`.
    case probePeers([PeerAddress])
    /// Fetch `POST /internal/join-snapshot` from this peer, then report with
    /// `onJoinSnapshot` or `onJoinFailed`.
    case fetchJoinSnapshot(from: PeerAddress)
    /// Send heartbeats at once (after a promotion or an epoch bump) instead of waiting for the
    /// next 200 ms tick, so the other side is fenced as early as possible.
    case sendHeartbeatsNow
    /// The role or epoch changed; for logs, metrics and the lab's narration.
    case roleChanged(RoleChange)
}

/// A role or epoch change and why it happened.
public struct RoleChange: Equatable, Sendable, CustomStringConvertible {
    public var from: ReplicaRole
    public var to: ReplicaRole
    public var epoch: UInt64
    public var reason: String

    public init(from: ReplicaRole, to: ReplicaRole, epoch: UInt64, reason: String) {
        self.from = from
        self.to = to
        self.epoch = epoch
        self.reason = reason
    }

    public var description: String { "\(from.rawValue) → \(to.rawValue) at epoch \(epoch): \(reason)" }
}

/// What a discovery probe found at one peer.
public enum PeerProbeResult: Equatable, Sendable {
    case role(ReplicaRole)
    case unreachable
}

/// One entry of the replication stream, numbered so a late result for a message that was
/// already dropped (by a join snapshot) is recognised and ignored.
public struct QueuedReplication: Equatable, Sendable {
    public var sequence: UInt64
    public var message: ReplicationMessage
}

/// How sending one replication message ended.
public enum ReplicationDeliveryResult: Equatable, Sendable {
    /// The peer answered 200.
    case delivered
    /// Nothing definite (refused, timeout, 5xx, 503 while the peer joins): retried in order.
    case failed(reason: String)
    /// The peer can never apply it (400: undecodable or a store ID it cannot open): the peer
    /// is re-synced by a join snapshot instead (DECISIONS 28).
    case rejected(reason: String)
}
