import NIOCore
import NIOHTTP1

/// One request on its way through the pool: queued, then on a connection, then finished.
/// Lives on the client's event loop only.
final class PendingExchange {
    enum State {
        case queued
        case inFlight(ClientConnection)
        case finished
    }

    let head: HTTPRequestHead
    let body: ByteBuffer?
    let timeout: Duration
    private let promise: EventLoopPromise<ClientResponse>
    var state: State = .queued
    var timeoutTask: Scheduled<Void>?

    init(head: HTTPRequestHead, body: ByteBuffer?, timeout: Duration, promise: EventLoopPromise<ClientResponse>) {
        self.head = head
        self.body = body
        self.timeout = timeout
        self.promise = promise
    }

    var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// Completes the caller's promise once; later outcomes (a late answer after a timeout) are dropped.
    func complete(_ result: Result<ClientResponse, BunnyClientError>) {
        if isFinished { return }
        state = .finished
        timeoutTask?.cancel()
        timeoutTask = nil
        switch result {
        case .success(let response): promise.succeed(response)
        case .failure(let error): promise.fail(error)
        }
    }
}
