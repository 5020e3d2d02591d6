import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive connection to the peer carrying the replication stream, with up to
/// `window` requests in flight. HTTP/1.1 answers come back in request order and the peer
/// applies requests of one connection in order, so pipelining keeps the stream's order while
/// removing a round trip per message. Confined to the replica's event loop.
///
/// Requests arrive rendered whole (`PeerRequestWriter`), each with a tag; every outcome goes
/// to `onResult` with its tag, in send order. Timeouts are kept per connection rather than per
/// request: one timer watches the oldest waiting request.
final class ReplicationPipeline: @unchecked Sendable {
    let address: String
    let eventLoop: any EventLoop
    let window: Int
    private let onResult: ReplicationConnectionHandler.ResultHandler
    private var connection: ReplicationConnectionHandler?
    private var connecting: EventLoopFuture<ReplicationConnectionHandler>?
    private var deadlineCheck: Scheduled<Void>?

    init(
        address: String, eventLoop: any EventLoop, window: Int = 256,
        onResult: @escaping ReplicationConnectionHandler.ResultHandler
    ) {
        self.address = address
        self.eventLoop = eventLoop
        self.window = window
        self.onResult = onResult
    }

    /// Sends one rendered request on the pipelined connection (connecting first if needed),
    /// without flushing: call `flush()` after the last request of a batch, so the batch goes
    /// out in one write. A request unanswered after `timeout` abandons the connection, failing
    /// every request behind it too.
    func send(_ request: ByteBuffer, tag: UInt64, timeout: Duration) {
        let timeout = TimeAmount.nanoseconds(timeout.nanoseconds)
        if let connection, connection.isActive {
            connection.send(request, tag: tag, deadline: .now() + timeout)
            watchDeadlines()
            return
        }
        connect().whenComplete { result in
            switch result {
            case .success(let connection):
                // Connected just now (this runs later than the batch's flush): send it at once.
                connection.send(request, tag: tag, deadline: .now() + timeout)
                connection.flush()
                self.watchDeadlines()
            case .failure(let error as PeerRequestError):
                self.onResult(tag, .failure(error))
            case .failure(let error):
                self.onResult(tag, .failure(.connectionLost("\(error)")))
            }
        }
    }

    func flush() {
        connection?.flush()
    }

    func close() {
        deadlineCheck?.cancel()
        deadlineCheck = nil
        connection?.abandon()
        connection = nil
    }

    /// Keeps one timer at the oldest waiting request's deadline; when it fires with that
    /// request still unanswered, the connection is abandoned.
    private func watchDeadlines() {
        guard deadlineCheck == nil, let deadline = connection?.oldestDeadline else { return }
        deadlineCheck = eventLoop.scheduleTask(deadline: deadline) {
            self.deadlineCheck = nil
            guard let connection = self.connection, let oldest = connection.oldestDeadline else { return }
            if oldest <= .now() {
                connection.abandon()
            } else {
                self.watchDeadlines()
            }
        }
    }

    private func connect() -> EventLoopFuture<ReplicationConnectionHandler> {
        if let connection, connection.isActive { return eventLoop.makeSucceededFuture(connection) }
        if let connecting { return connecting }
        let (host, port) = TCPAddress.split(address)
        guard let port, port > 0 else { return eventLoop.makeFailedFuture(PeerRequestError.invalidAddress(address)) }
        // An event loop without sockets (the in-memory pipeline of `InMemoryConnection`) has no
        // network: the peer is unreachable rather than a trap in NIO.
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoop) else {
            return eventLoop.makeFailedFuture(
                PeerRequestError.cannotConnect(address: address, reason: "no network on this event loop"))
        }
        let handler = ReplicationConnectionHandler(onResult: onResult)
        let future =
            bootstrap
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(2))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        PrerenderedRequestEncoder(),
                        ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)),
                        handler,
                    ])
                }
            }
            .connect(host: host.isEmpty ? "127.0.0.1" : host, port: port)
            .map { _ in handler }
            .flatMapErrorThrowing { error -> ReplicationConnectionHandler in
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
