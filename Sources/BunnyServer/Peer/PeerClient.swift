import NIOCore
import NIOHTTP1
import NIOPosix

/// HTTP/1.1 requests to one peer address (`host:port`), on the daemon's event loop, over a
/// few keep-alive connections. Everything here runs on `eventLoop`; results arrive there too,
/// next to the replica, with no thread hop.
/// Confined to `eventLoop` (hence `@unchecked Sendable`).
final class PeerClient: @unchecked Sendable {
    let address: String
    let eventLoop: any EventLoop
    let maximumConnections: Int
    private var idle: [PeerConnectionHandler] = []
    private var openConnections = 0
    private var waiting: [(EventLoopPromise<PeerConnectionHandler>)] = []

    init(address: String, eventLoop: any EventLoop, maximumConnections: Int = 10) {
        self.address = address
        self.eventLoop = eventLoop
        self.maximumConnections = maximumConnections
    }

    /// Sends one request and waits at most `timeout` for the whole answer.
    func send(
        method: HTTPMethod, path: String, headers: HTTPHeaders = HTTPHeaders(), body: ByteBuffer? = nil,
        timeout: Duration
    ) -> EventLoopFuture<PeerResponse> {
        eventLoop.preconditionInEventLoop()
        var requestHeaders = headers
        if !requestHeaders.contains(name: "host") { requestHeaders.add(name: "Host", value: address) }
        requestHeaders.remove(name: "content-length")
        requestHeaders.remove(name: "transfer-encoding")
        requestHeaders.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: requestHeaders)
        let promise = eventLoop.makePromise(of: PeerResponse.self)
        let deadline = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            promise.fail(PeerRequestError.timedOut(after: timeout))
        }
        connection().whenComplete { result in
            switch result {
            case .failure(let error):
                promise.fail(error)
            case .success(let connection):
                let exchange = self.eventLoop.makePromise(of: PeerResponse.self)
                connection.send(head, body: body, promise: exchange)
                exchange.futureResult.whenComplete { promise.completeWith($0) }
                promise.futureResult.whenFailure { _ in
                    if connection.isBusy { connection.abandon() }
                }
            }
        }
        promise.futureResult.whenComplete { _ in deadline.cancel() }
        return promise.futureResult
    }

    /// Closes every connection (shutdown, or the peer moved).
    func closeAll() {
        for connection in idle { connection.abandon() }
        idle.removeAll()
    }

    private func connection() -> EventLoopFuture<PeerConnectionHandler> {
        while let candidate = idle.popLast() {
            if candidate.isActive, !candidate.isBusy { return eventLoop.makeSucceededFuture(candidate) }
        }
        guard openConnections < maximumConnections else {
            let promise = eventLoop.makePromise(of: PeerConnectionHandler.self)
            waiting.append(promise)
            return promise.futureResult
        }
        let (host, port) = TCPAddress.split(address)
        guard let port, port > 0 else {
            return eventLoop.makeFailedFuture(PeerRequestError.invalidAddress(address))
        }
        // An event loop without sockets (the in-memory pipeline of `InMemoryConnection`) has no
        // network: the peer is unreachable rather than a trap in NIO.
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoop) else {
            return eventLoop.makeFailedFuture(
                PeerRequestError.cannotConnect(address: address, reason: "no network on this event loop"))
        }
        openConnections += 1
        let handler = PeerConnectionHandler()
        handler.onIdle = { [weak self] connection in self?.release(connection) }
        return
            bootstrap
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(2))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: host.isEmpty ? "127.0.0.1" : host, port: port)
            .map { channel in
                channel.closeFuture.whenComplete { _ in self.openConnections -= 1 }
                return handler
            }
            .flatMapErrorThrowing { error in
                self.openConnections -= 1
                throw PeerRequestError.cannotConnect(address: self.address, reason: "\(error)")
            }
    }

    private func release(_ connection: PeerConnectionHandler) {
        if let next = waiting.first {
            waiting.removeFirst()
            next.succeed(connection)
        } else {
            idle.append(connection)
        }
    }
}
