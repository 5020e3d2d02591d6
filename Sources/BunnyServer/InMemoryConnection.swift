import BunnyCore
import Logging
import NIOCore
import NIOEmbedded

/// One client connection to a fresh single-node daemon, entirely in memory: the listener's
/// real pipeline (`ConnectionPipeline`: NIO's HTTP/1.1 decoder and our request handler) on an
/// `EmbeddedChannel`, in front of a real replica, coordinator and metrics.
///
/// For fuzzing (`Fuzz/`) and for tests that need the exact request path without a process or
/// a socket. Everything runs on the calling thread; nothing is scheduled in real time (the
/// connection sweep and maintenance timers of `Daemon` are not started). The node has no
/// peers, so it starts as primary; any outbound peer request it is talked into (forwarding,
/// joining) fails as if the peer were unreachable, because the embedded loop has no network.
public final class InMemoryConnection {
    private let channel: EmbeddedChannel
    private let coordinator: ClusterCoordinator

    /// - Parameters:
    ///   - configuration: the node's settings; peers are ignored (the node runs alone).
    ///   - cipher: the store-ID cipher (`StoreIDCipher`, or a test double).
    ///   - random: the replica's randomness; a seeded generator makes store IDs repeatable.
    ///   - overTCP: the connection arrives on the peer TCP listener (token rules of
    ///     `configuration.internalToken`) instead of the Unix socket.
    public init(
        configuration: DaemonConfiguration, cipher: any StoreIdentityCipher & Sendable,
        random: any RandomNumberGenerator, overTCP: Bool = false
    ) throws {
        var configuration = configuration
        configuration.replica.peers = []
        let loop = EmbeddedEventLoop()
        channel = EmbeddedChannel(loop: loop)
        let host = ReplicaHost(
            replica: Replica(configuration: configuration.replica, cipher: cipher, random: random), eventLoop: loop)
        let metrics = DaemonMetrics()
        coordinator = ClusterCoordinator(
            host: host, configuration: configuration,
            logger: Logger(label: "bbd.in-memory", factory: { _ in SwiftLogNoOpLogHandler() }), metrics: metrics)
        let tracker = ConnectionTracker(
            timeouts: .init(
                readHeader: configuration.httpReadHeaderTimeout, read: configuration.httpReadTimeout,
                write: configuration.httpWriteTimeout, idle: configuration.httpIdleTimeout))
        coordinator.start()
        try ConnectionPipeline.install(
            on: channel, host: host, coordinator: coordinator, metrics: metrics, tracker: tracker,
            listener: overTCP ? .tcp(internalToken: configuration.internalToken) : .unixSocket,
            limits: ConnectionPipeline.decoderLimits(maximumHeaderBytes: configuration.httpMaximumHeaderBytes))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    }

    /// Whether the server side still has the connection open.
    public var isOpen: Bool { channel.isActive }

    /// Delivers `bytes` as one read from the client (ignored once the server closed), then runs
    /// whatever the loop has pending. Returns an error that reached the end of the pipeline
    /// unhandled, if any.
    @discardableResult
    public func receive(_ bytes: some Sequence<UInt8>) -> (any Error)? {
        guard channel.isActive else { return nil }
        var buffer = channel.allocator.buffer(capacity: 0)
        buffer.writeBytes(Array(bytes))
        defer { channel.embeddedEventLoop.run() }
        do {
            try channel.writeInbound(buffer)
            return nil
        } catch {
            return error
        }
    }

    /// Every byte the server wrote since the last call.
    public func takeOutput() -> [UInt8] {
        var output: [UInt8] = []
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) {
            output.append(contentsOf: buffer.readableBytesView)
        }
        return output
    }

    /// The client hangs up; pending work runs and the node shuts its side down.
    public func hangUp() {
        if channel.isActive { _ = try? channel.close().wait() }
        channel.embeddedEventLoop.run()
        coordinator.stop()
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }
}
