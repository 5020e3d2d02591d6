import BunnyCore
import NIOCore

/// The single owner of the replica: every access happens on `eventLoop`, the one thread that
/// also runs every connection. That confinement is the whole concurrency story of the daemon
/// (DESIGN §3): no locks around store state, and no data races by construction.
public final class ReplicaHost: @unchecked Sendable {
    public let eventLoop: any EventLoop
    private let replicaOnLoop: Replica

    public init(replica: Replica, eventLoop: any EventLoop) {
        self.replicaOnLoop = replica
        self.eventLoop = eventLoop
    }

    /// The replica; only valid on `eventLoop`.
    public var replica: Replica {
        eventLoop.preconditionInEventLoop()
        return replicaOnLoop
    }
}
