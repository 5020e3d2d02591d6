import LabCore
import NIOCore
import NIOHTTP1

/// One whole request from a sender, as the proxy keeps it: to forward, to duplicate, to hold
/// for reorder or to keep for replay.
struct ProxiedRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    var trailers: HTTPHeaders?
    var messageClass: MessageClass
    /// Number on this link, from 1 (assigned by `ProxyLinkState.decide`).
    var sequence = 0
    /// Sender connection number on this link; 0 for the proxy's own connections.
    var connection: Int
    /// Lab time of arrival, from the injected clock.
    var arrivalLabTime: Int64
    /// Monotonic arrival, for delays.
    var arrival: NIODeadline

    var bodyBytes: Int { body?.readableBytes ?? 0 }
}

/// An answer from the upstream daemon, whole.
struct UpstreamAnswer {
    var head: HTTPResponseHead
    var body: ByteBuffer?
    var trailers: HTTPHeaders?

    var bodyBytes: Int { body?.readableBytes ?? 0 }
}
