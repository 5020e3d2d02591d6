import NIOCore
import NIOHTTP1
import NIOPosix

/// The client's connections and the requests waiting for one. Everything here runs on the
/// client's single event loop, so no locks: a request costs one hop onto the loop, a reused
/// connection, and no pipeline changes.
final class ConnectionPool {
    private let eventLoop: any EventLoop
    private let configuration: BunnyClientConfiguration
    private let timeout: TimeAmount
    /// Free connections, most recently used last (reused first while warm).
    private var idleConnections: [ClientConnection] = []
    private var liveConnections: [ObjectIdentifier: ClientConnection] = [:]
    private var openingCount = 0
    private var waitingExchanges = CircularBuffer<PendingExchange>()
    private var isShutDown = false

    init(eventLoop: any EventLoop, configuration: BunnyClientConfiguration) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.timeout = TimeAmount(configuration.requestTimeout)
    }

    func submit(_ exchange: PendingExchange) {
        if isShutDown {
            exchange.complete(.failure(.clientShutDown))
            return
        }
        exchange.timeoutTask = eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(exchange.timeout)) {
            self.timeOut(exchange)
        }
        while let connection = idleConnections.popLast() {
            if connection.isUsable {
                dispatch(exchange, on: connection)
                return
            }
        }
        waitingExchanges.append(exchange)
        openConnectionsIfNeeded()
    }

    /// Closes every connection; waiting requests fail with `clientShutDown`, requests on a
    /// connection with `connectionLost`.
    func shutdown() -> EventLoopFuture<Void> {
        isShutDown = true
        while let exchange = waitingExchanges.popFirst() {
            exchange.complete(.failure(.clientShutDown))
        }
        idleConnections.removeAll()
        let connections = Array(liveConnections.values)
        var closeFutures: [EventLoopFuture<Void>] = []
        for connection in connections {
            if let future = connection.closeFuture { closeFutures.append(future) }
            connection.close()
        }
        return EventLoopFuture.andAllComplete(closeFutures, on: eventLoop)
    }

    // MARK: Events from connections

    func exchangeFinished(
        on connection: ClientConnection, exchange: PendingExchange, result: Result<ClientResponse, BunnyClientError>,
        reusable: Bool
    ) {
        exchange.complete(result)
        if reusable && connection.isUsable && !isShutDown {
            connectionBecameFree(connection)
        } else {
            connection.close()
        }
    }

    /// The connection turned out to be closed before the request was written to it: queue the
    /// request again (first in line) and replace the connection.
    func requeue(_ exchange: PendingExchange, from connection: ClientConnection) {
        guard !exchange.isFinished else { return }
        exchange.state = .queued
        waitingExchanges.prepend(exchange)
        connection.close()
        openConnectionsIfNeeded()
    }

    func connectionClosed(_ connection: ClientConnection) {
        liveConnections.removeValue(forKey: ObjectIdentifier(connection))
        idleConnections.removeAll { $0 === connection }
        if !isShutDown {
            openConnectionsIfNeeded()
        }
    }

    // MARK: Private

    private func dispatch(_ exchange: PendingExchange, on connection: ClientConnection) {
        exchange.state = .inFlight(connection)
        connection.start(exchange)
    }

    private func connectionBecameFree(_ connection: ClientConnection) {
        if let next = waitingExchanges.popFirst() {
            dispatch(next, on: connection)
        } else {
            idleConnections.append(connection)
        }
    }

    /// Opens connections for the waiting requests, up to the maximum. The loop ends because an
    /// attempt counts in `openingCount` until its outcome is handled, in a later task (see
    /// `openConnection`).
    private func openConnectionsIfNeeded() {
        while waitingExchanges.count > openingCount
            && liveConnections.count + openingCount < configuration.maximumConnections
        {
            openConnection()
        }
    }

    private func openConnection() {
        openingCount += 1
        let socketPath = configuration.unixSocketPath
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ClientConnection())
                }
            }
        bootstrap.connect(unixDomainSocketPath: socketPath).assumeIsolated().whenComplete { result in
            // Started on this loop, a connect to a Unix socket usually ends within the connect()
            // call (no socket file, connection refused, and often success too), so this runs
            // before `openConnection` returns, inside `openConnectionsIfNeeded`'s loop. A failure
            // handled right here, while another connection still counted as live (busy, or dead
            // with its close not yet read), put back every count that loop tests, and it opened
            // again, forever: the event loop spun, and no timer on it (the requests' timeouts
            // included) ever ran again. Handled in a task of its own, the attempt counts as
            // opening until then, and the loop ends.
            self.eventLoop.assumeIsolated().execute { self.connectEnded(result, socketPath: socketPath) }
        }
    }

    /// The outcome of one `openConnection`.
    private func connectEnded(_ result: Result<any Channel, any Error>, socketPath: String) {
        openingCount -= 1
        switch result {
        case .success(let channel):
            guard !isShutDown else {
                channel.close(promise: nil)
                return
            }
            guard let connection = try? channel.pipeline.syncOperations.handler(type: ClientConnection.self),
                connection.isUsable
            else {
                channel.close(promise: nil)
                connectFailed(.connectionFailed(socketPath: socketPath, detail: "the connection closed at once"))
                return
            }
            connection.pool = self
            connection.closeFuture = channel.closeFuture
            liveConnections[ObjectIdentifier(connection)] = connection
            connectionBecameFree(connection)
        case .failure(let error):
            connectFailed(.connectionFailed(socketPath: socketPath, detail: ClientConnection.describe(error)))
        }
    }

    /// A connect failed. If no other connection exists or is on its way, nobody can serve the
    /// waiting requests: they fail now (definitely, nothing was sent) instead of at their timeout.
    private func connectFailed(_ error: BunnyClientError) {
        guard liveConnections.isEmpty && openingCount == 0 else { return }
        while let exchange = waitingExchanges.popFirst() {
            exchange.complete(.failure(error))
        }
    }

    private func timeOut(_ exchange: PendingExchange) {
        exchange.timeoutTask = nil
        switch exchange.state {
        case .finished:
            return
        case .queued:
            if let index = waitingExchanges.firstIndex(where: { $0 === exchange }) {
                waitingExchanges.remove(at: index)
            }
            exchange.complete(.failure(.timedOut(after: exchange.timeout, requestSent: false)))
        case .inFlight(let connection):
            exchange.complete(.failure(.timedOut(after: exchange.timeout, requestSent: true)))
            connection.abandon()
        }
    }
}
