import NIOCore
import NIOHTTP1

/// The handlers of one accepted connection, in order: activity tracking, NIO's HTTP/1.1
/// request decoder, and our request handler.
///
/// Shared by the listeners and by `InMemoryConnection`, so fuzzing and in-memory tests drive
/// exactly the pipeline a socket gets. Responses are written as whole buffers by the request
/// handler (in request order), so neither NIO's response encoder nor its pipelining handler is
/// needed on the way out.
enum ConnectionPipeline {
    /// The decoder's limits: `--http-max-header-bytes` bounds both one field and the whole list.
    static func decoderLimits(maximumHeaderBytes: Int) -> NIOHTTPDecoderLimitConfiguration {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = maximumHeaderBytes
        limits.maxHeaderListSize = maximumHeaderBytes
        return limits
    }

    /// Adds the handlers to `channel` and registers it with `tracker`. Runs on the channel's
    /// event loop, which is also the replica's.
    static func install(
        on channel: any Channel, host: ReplicaHost, coordinator: ClusterCoordinator, metrics: DaemonMetrics,
        tracker: ConnectionTracker, listener: Listener, limits: NIOHTTPDecoderLimitConfiguration
    ) throws {
        let connection = tracker.register(channel)
        try channel.pipeline.syncOperations.addHandlers([
            InboundActivityHandler(connection: connection),
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)),
            HTTPRequestHandler(
                host: host, coordinator: coordinator, metrics: metrics, connection: connection, listener: listener,
                tracker: tracker),
        ])
    }
}
