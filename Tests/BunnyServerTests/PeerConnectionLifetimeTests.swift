import BunnyCore
import BunnyCrypto
import Logging
import NIOCore
import NIOEmbedded
import TestSupport
import Testing

@testable import BunnyServer

/// A closed peer connection must be freed: its handler kept the pipeline context (which holds
/// the handler), so every closed connection leaked both, the channel and, through waiting
/// callbacks, the coordinator and the replica. Found by LeakSanitizer in `make asan`
/// (docs/reliability.md).
@Suite("Peer connection lifetime", .ownThreads)
struct PeerConnectionLifetimeTests {
    /// Adds `handler` to a channel, closes the channel and returns a weak reference to it.
    static func closedChannelHandler(_ makeHandler: () -> any ChannelHandler & AnyObject) throws -> () -> AnyObject? {
        var handler: (any ChannelHandler & AnyObject)? = makeHandler()
        weak var weakHandler = handler
        do {
            let channel = EmbeddedChannel()
            try channel.pipeline.syncOperations.addHandler(handler!)
            handler = nil
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
            _ = try channel.finish(acceptAlreadyClosed: true)
        }
        return { weakHandler }
    }

    @Test func requestConnectionHandlerIsFreedAfterClose() throws {
        let handler = try Self.closedChannelHandler { PeerConnectionHandler() }
        #expect(handler() == nil)
    }

    @Test func replicationConnectionHandlerIsFreedAfterClose() throws {
        let handler = try Self.closedChannelHandler { ReplicationConnectionHandler(onResult: { _, _ in }) }
        #expect(handler() == nil)
    }

    /// A replication pump still queued when the coordinator stops (a lease tick or heartbeat
    /// answer ran on the loop just before `stop()`, so its pump runs after it) must not make a
    /// new replication pipeline: the pipeline's result handler holds the coordinator, so the
    /// coordinator, the replica and every store outlived the daemon. LeakSanitizer saw it now
    /// and then after SIGTERM in `sigtermOnPrimaryFlushesReplication`.
    @Test func pumpQueuedBeforeStopDoesNotKeepTheCoordinator() throws {
        let loop = EmbeddedEventLoop()
        weak var weakCoordinator: ClusterCoordinator?
        do {
            var configuration = DaemonConfiguration()
            configuration.replica.peers = [PeerAddress(hostID: "node2", address: "127.0.0.1:1")]
            // The replica leads alone (primary at start); the coordinator still has a peer to
            // replicate to.
            var alone = configuration.replica
            alone.peers = []
            let replica = Replica(
                configuration: alone, cipher: try StoreIDCipher(keyRing: .development, site: "local"))
            let coordinator = ClusterCoordinator(
                host: ReplicaHost(replica: replica, eventLoop: loop), configuration: configuration,
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), metrics: DaemonMetrics())
            weakCoordinator = coordinator
            coordinator.start()
            loop.run()
            #expect(replica.role == .primary)
            coordinator.pumpReplication()
            coordinator.stop()
            loop.run()
        }
        #expect(weakCoordinator == nil)
    }
}
