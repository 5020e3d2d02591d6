import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive connection to the peer carrying the replication stream, with up to
/// `window` requests in flight. HTTP/1.1 answers come back in request order and the peer
/// applies requests of one connection in order, so pipelining keeps the stream's order while
/// removing a round trip per message. Confined to the replica's event loop.
final class ReplicationPipeline: @unchecked Sendable {
    let address: String
    let eventLoop: any EventLoop
    let window: Int
    private var connection: PeerConnectionHandler?
    private var connecting: EventLoopFuture<PeerConnectionHandler>?

    init(address: String, eventLoop: any EventLoop, window: Int = 32) {
        self.address = address
        self.eventLoop = eventLoop
        self.window = window
    }

    /// Sends one request on the pipelined connection (connecting first if needed), without
    /// flushing: call `flush()` after the last request of a batch, so the batch goes out in
    /// one write. A request that times out abandons the connection, failing every request
    /// behind it too.
    func send(path: String, headers: HTTPHeaders, body: ByteBuffer, timeout: Duration) -> EventLoopFuture<PeerResponse> {
        var requestHeaders = headers
        requestHeaders.replaceOrAdd(name: "Host", value: address)
        requestHeaders.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: requestHeaders)
        let wasConnected = connection?.isActive == true
        return connect().flatMap { connection in
            let promise = self.eventLoop.makePromise(of: PeerResponse.self)
            let deadline = self.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                connection.abandon()
            }
            // Connected already: queue it, the batch's flush sends it. Connected just now (this
            // runs later than the batch's flush): send it at once.
            connection.send(head, body: body, promise: promise, flush: !wasConnected)
            promise.futureResult.whenComplete { _ in deadline.cancel() }
            return promise.futureResult
        }
    }

    func flush() {
        connection?.flush()
    }

    func close() {
        connection?.abandon()
        connection = nil
    }

    private func connect() -> EventLoopFuture<PeerConnectionHandler> {
        if let connection, connection.isActive { return eventLoop.makeSucceededFuture(connection) }
        if let connecting { return connecting }
        let (host, port) = TCPAddress.split(address)
        guard let port, port > 0 else { return eventLoop.makeFailedFuture(PeerRequestError.invalidAddress(address)) }
        let handler = PeerConnectionHandler()
        let future = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(2))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: host.isEmpty ? "127.0.0.1" : host, port: port)
            .map { _ in handler }
            .flatMapErrorThrowing { error -> PeerConnectionHandler in
                throw PeerRequestError.cannotConnect(address: self.address, reason: "\(error)")
            }
        connecting = future
        future.whenComplete { result in
            self.connecting = nil
            if case .success(let handler) = result { self.connection = handler }
        }
        return future
    }
}
