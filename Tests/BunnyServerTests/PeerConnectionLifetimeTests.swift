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
}
