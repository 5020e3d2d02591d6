import NIOCore
import NIOHTTP1
import NIOPosix

/// An async client for the daemon's HTTP/1.1 API over its Unix socket.
///
/// The client keeps up to `maximumConnections` keep-alive connections, all on one event loop
/// of the group, and sends one request at a time on each. Requests beyond that wait (within
/// their timeout) for a free connection. Call `shutdown()` when done; the event loop group
/// must outlive the client.
///
/// Every call either returns the daemon's answer or throws a `BunnyClientError` that says
/// whether the outcome is definite (`isDefinite`).
public final class BunnyClient: Sendable {
    public let configuration: BunnyClientConfiguration
    private let eventLoop: any EventLoop
    private let pool: NIOLoopBoundBox<ConnectionPool>

    public init(
        configuration: BunnyClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        let eventLoop = eventLoopGroup.next()
        self.eventLoop = eventLoop
        self.pool = NIOLoopBoundBox.makeBoxSendingValue(
            ConnectionPool(eventLoop: eventLoop, configuration: configuration), eventLoop: eventLoop)
    }

    public convenience init(unixSocketPath: String, maximumConnections: Int = 1, requestTimeout: Duration = .seconds(5))
    {
        self.init(
            configuration: BunnyClientConfiguration(
                unixSocketPath: unixSocketPath, maximumConnections: maximumConnections, requestTimeout: requestTimeout))
    }

    deinit {
        // A client dropped without `shutdown()` still closes its connections.
        let pool = self.pool
        eventLoop.execute { _ = pool.value.shutdown() }
    }

    /// Sends a request and returns the answer whatever its status. Throws only when there is
    /// no complete answer (connection, timeout, parse failures).
    public func send(_ request: ClientRequest) async throws(BunnyClientError) -> ClientResponse {
        let promise = eventLoop.makePromise(of: ClientResponse.self)
        let exchangeHead = request.makeHead()
        let body = request.body
        let timeout = request.timeout ?? configuration.requestTimeout
        let pool = self.pool
        if eventLoop.inEventLoop {
            pool.value.submit(PendingExchange(head: exchangeHead, body: body, timeout: timeout, promise: promise))
        } else {
            eventLoop.execute {
                pool.value.submit(PendingExchange(head: exchangeHead, body: body, timeout: timeout, promise: promise))
            }
        }
        do {
            return try await promise.futureResult.get()
        } catch let error as BunnyClientError {
            throw error
        } catch {
            throw .connectionLost(detail: "\(error)")
        }
    }

    /// Sends a raw request. `path` must already be percent-encoded.
    public func send(
        method: HTTPMethod, path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil, timeout: Duration? = nil
    ) async throws(BunnyClientError) -> ClientResponse {
        try await send(ClientRequest(method: method, path: path, headers: headers, body: body, timeout: timeout))
    }

    /// Sends a request and insists on `200`: any other status throws `.errorAnswer`.
    public func perform(_ request: ClientRequest) async throws(BunnyClientError) -> ClientResponse {
        let response = try await send(request)
        guard response.status == 200 else {
            throw .errorAnswer(ErrorResponse(response: response))
        }
        return response
    }

    /// Closes all connections. Requests still waiting fail with `clientShutDown`, requests on a
    /// connection with `connectionLost`; later requests fail with `clientShutDown`.
    public func shutdown() async {
        let pool = self.pool
        let closed = eventLoop.flatSubmit { pool.value.shutdown() }
        try? await closed.get()
    }
}
