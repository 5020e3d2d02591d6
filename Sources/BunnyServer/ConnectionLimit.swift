import NIOCore

/// How many connections the listeners accept at once, so that clients can never take the
/// descriptors the daemon needs for itself.
///
/// Past the open-file limit, `accept` fails and NIO backs off for a second: every listener,
/// the peer's heartbeats and replication included, would stall together, and a client flood
/// could cost a failover. So the Unix socket refuses connections once `clients` are open (an
/// immediate `503` with `Connection: close`), leaving a reserve of descriptors for the
/// daemon's own peer connections and files; the TCP listener, where the peer comes in, may go
/// `peerSlack` beyond that, so a full client side never locks the peer out.
struct ConnectionLimit: Sendable, Equatable {
    /// Descriptors kept for the daemon itself when the limit is derived from the open-file limit.
    static let reservedDescriptors = 1024
    /// Extra connections the TCP listener accepts beyond `clients`.
    static let peerSlack = 64

    /// Open connections (both listeners) at which the Unix socket starts refusing.
    var clients: Int

    /// `configured` > 0 is taken as is; otherwise the open-file limit minus the reserve, at
    /// least 64.
    init(configured: Int, openFileLimit: Int) {
        clients = configured > 0 ? configured : max(64, openFileLimit - Self.reservedDescriptors)
    }

    func admits(openConnections: Int, on listener: Listener) -> Bool {
        switch listener {
        case .unixSocket: openConnections < clients
        case .tcp: openConnections < clients + Self.peerSlack
        }
    }

    /// The refusal: written at once, before any request, then the connection closes.
    static let refusal: [UInt8] = Array(
        ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 21\r\n"
            + "Retry-After: 1\r\nConnection: close\r\n\r\ntoo many connections\n").utf8)

    /// Answers `channel` with the refusal and closes it.
    static func refuse(_ channel: any Channel) {
        var buffer = channel.allocator.buffer(capacity: refusal.count)
        buffer.writeBytes(refusal)
        channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
    }
}
