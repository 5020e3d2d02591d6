import LabCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// A message-aware fault proxy for one direction of a peer link (say "node1->node2"): it
/// listens on 127.0.0.1, opens one upstream connection to the daemon per sender connection,
/// reads whole HTTP/1.1 requests and answers (keep-alive, `Content-Length` or chunked),
/// classifies each request, applies the link's current ``FaultSpecification`` through a seeded
/// ``LinkPolicy``, relays the answer, and journals every message with its fate.
///
/// Thread-safe: the control plane may call ``setFaults(_:)``, ``heal()``, ``replayHeld()`` and
/// ``counters`` from any thread; a change applies to the next message on every open
/// keep-alive connection (and a `refuse` partition resets the open connections at once).
/// Delays and holds never block other connections.
public final class FaultProxy: Sendable {
    public let name: String
    public let upstreamHost: String
    public let upstreamPort: Int
    public let configuration: FaultProxyConfiguration

    private let link: ProxyLinkState
    private let group: any EventLoopGroup
    private let serverChannel = ProxyLocked<(any Channel)?>(nil)

    /// - Parameters:
    ///   - name: the link name written in the journal, e.g. `node1->node2`.
    ///   - upstreamHost, upstreamPort: the daemon's TCP listener.
    ///   - journal: receives every entry, from the proxy's event-loop threads (so it must be
    ///     thread-safe, and quick); ``ProxyJournalFile`` writes them as JSON lines.
    ///   - clock: lab time in nanoseconds, for the journal's `time_ns`.
    ///   - seed: seeds the link policy's generator.
    public init(
        name: String, upstreamHost: String, upstreamPort: Int,
        configuration: FaultProxyConfiguration = FaultProxyConfiguration(),
        journal: @escaping @Sendable (ProxyJournalEntry) -> Void = { _ in },
        clock: @escaping @Sendable () -> Int64, seed: UInt64,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.name = name
        self.upstreamHost = upstreamHost
        self.upstreamPort = upstreamPort
        self.configuration = configuration
        self.group = group
        self.link = ProxyLinkState(
            name: name, configuration: configuration, seed: seed, clock: clock, journal: journal)
    }

    /// Starts listening on 127.0.0.1:`port` (0 picks a free port) and returns the bound port.
    public func start(port: Int = 0) async throws -> Int {
        let link = self.link
        let upstreamHost = self.upstreamHost
        let upstreamPort = self.upstreamPort
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    var encoderConfiguration = HTTPResponseEncoder.Configuration()
                    encoderConfiguration.automaticallySetFramingHeaders = false
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false, withErrorHandling: false,
                        withOutboundHeaderValidation: false, withEncoderConfiguration: encoderConfiguration)
                    try channel.pipeline.syncOperations.addHandler(
                        ProxyConnection(
                            link: link, upstreamHost: upstreamHost, upstreamPort: upstreamPort,
                            eventLoop: channel.eventLoop))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        serverChannel.withLock { $0 = channel }
        return channel.localAddress?.port ?? port
    }

    /// The bound port, once started.
    public var port: Int? {
        serverChannel.withLock { $0?.localAddress?.port }
    }

    /// The faults in force.
    public var faults: FaultSpecification { link.specification }

    /// Replaces the link's faults; applies to the next message of every connection. A message
    /// held for reorder whose class no longer has a reorder rule (and no partition) is sent on;
    /// a `refuse` partition resets every open connection.
    public func setFaults(_ specification: FaultSpecification) throws(FaultSpecificationError) {
        try specification.validate()
        let changes = link.setSpecification(specification)
        for connection in changes.connectionsToReset {
            connection.eventLoop.execute { connection.reset() }
        }
        if !changes.releases.isEmpty {
            _ = DetachedDelivery.deliver(
                changes.releases, fate: .reorderRelease, link: link, host: upstreamHost, port: upstreamPort,
                eventLoop: group.next())
        }
    }

    /// No faults any more; messages held for reorder are sent on. Kept replay copies stay.
    public func heal() {
        try! setFaults(.healthy)  // The healthy specification is always valid.
    }

    /// Re-delivers the copies kept by `replay` rules, oldest first, on a fresh upstream
    /// connection, ignoring the current faults; answers are discarded and each is journaled as
    /// `replayed`. The copies are consumed. Returns how many got an answer.
    @discardableResult
    public func replayHeld() async -> Int {
        let copies = link.takeReplayCopies()
        return
            (try? await DetachedDelivery.deliver(
                copies, fate: .replayed, link: link, host: upstreamHost, port: upstreamPort, eventLoop: group.next()
            ).get()) ?? 0
    }

    /// How many copies are kept for replay.
    public var replayCopyCount: Int { link.replayCopyCount }

    /// How many messages are held for reorder (at most one per class).
    public var heldForReorderCount: Int { link.heldForReorderCount }

    /// Message counts by class and fate, and connection counts.
    public var counters: LinkCounters { link.counters }

    /// Stops listening and closes every connection.
    public func stop() async {
        let channel = serverChannel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await channel?.close()
        for connection in link.stop() {
            connection.eventLoop.execute { connection.close() }
        }
    }
}
