import NIOCore
import NIOHTTP1

/// The replication stream's keep-alive connection to the peer: requests arrive rendered
/// whole and are pipelined; answers come back in request order, so each answer belongs to
/// the oldest waiting request. Results go to one callback with the tag given at send time —
/// no promise, future or closure per message.
///
/// The outbound end is a `PrerenderedRequestEncoder`; NIO's response decoder reads answers.
/// Confined to the channel's event loop (hence `@unchecked Sendable`).
final class ReplicationConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// Receives every request's outcome, in send order; failures are indefinite (the peer may
    /// have applied the message).
    typealias ResultHandler = (_ tag: UInt64, _ result: Result<PeerResponse, PeerRequestError>) -> Void

    private let onResult: ResultHandler
    private var context: ChannelHandlerContext?
    private var waiting = CircularBuffer<(tag: UInt64, deadline: NIODeadline)>()
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?

    /// The head written before each request: only the response decoder reads it (the method
    /// tells it whether the answer has a body), so one shared value serves every request.
    private static let requestHead = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/")

    init(onResult: @escaping ResultHandler) {
        self.onResult = onResult
    }

    var isActive: Bool { context?.channel.isActive == true }
    /// The deadline of the oldest request still waiting for its answer.
    var oldestDeadline: NIODeadline? { waiting.first?.deadline }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// The context holds this handler, so keeping it here after removal would keep both (and
    /// the channel behind them) alive in a cycle: one leak per closed peer connection, found by
    /// LeakSanitizer (docs/reliability.md).
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Queues a request rendered by `PeerRequestWriter`; `flush()` sends what is queued.
    func send(_ request: ByteBuffer, tag: UInt64, deadline: NIODeadline) {
        guard let context, context.channel.isActive else {
            onResult(tag, .failure(.connectionLost("connection closed")))
            return
        }
        waiting.append((tag, deadline))
        context.write(wrapOutboundOut(.head(Self.requestHead)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(request))), promise: nil)
    }

    func flush() {
        context?.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            if responseHead.status.code < 200 { return }
            head = responseHead
        case .body(var chunk):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let head, let request = waiting.popFirst() else { return }
            self.head = nil
            let body = self.body ?? context.channel.allocator.buffer(capacity: 0)
            self.body = nil
            onResult(
                request.tag, .success(PeerResponse(status: Int(head.status.code), headers: head.headers, body: body)))
            if !head.isKeepAlive { abandon() }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionLost("the peer closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(.connectionLost("\(error)"))
        context.close(promise: nil)
    }

    /// Gives up on every waiting request and closes, so a late answer can never be taken for
    /// the answer to a later request.
    func abandon() {
        failAll(.connectionLost("abandoned"))
        context?.close(promise: nil)
    }

    private func failAll(_ error: PeerRequestError) {
        let failed = waiting
        waiting.removeAll()
        for request in failed { onResult(request.tag, .failure(error)) }
    }
}
