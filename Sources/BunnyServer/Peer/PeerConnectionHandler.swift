import NIOCore
import NIOHTTP1

/// One keep-alive HTTP/1.1 connection to a peer. Requests may be pipelined: answers arrive in
/// request order, so each completes the oldest waiting promise.
final class PeerConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private var context: ChannelHandlerContext?
    private var promises: [EventLoopPromise<PeerResponse>] = []
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    var onIdle: ((PeerConnectionHandler) -> Void)?

    var isActive: Bool { context?.channel.isActive == true }
    var isBusy: Bool { !promises.isEmpty }
    var requestsInFlight: Int { promises.count }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// The context holds this handler, so keeping it here after removal would keep both (and
    /// the channel behind them) alive in a cycle: one leak per closed peer connection, found by
    /// LeakSanitizer (docs/reliability.md).
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func send(
        _ request: HTTPRequestHead, body requestBody: ByteBuffer?, promise: EventLoopPromise<PeerResponse>,
        flush: Bool = true
    ) {
        guard let context, context.channel.isActive else {
            promise.fail(PeerRequestError.connectionLost("connection closed"))
            return
        }
        promises.append(promise)
        context.write(wrapOutboundOut(.head(request)), promise: nil)
        if let requestBody, requestBody.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(requestBody))), promise: nil)
        }
        if flush {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// Sends everything written without a flush.
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
            guard let head, !promises.isEmpty else { return }
            let promise = promises.removeFirst()
            self.head = nil
            let body = self.body
            self.body = nil
            promise.succeed(
                PeerResponse(
                    status: Int(head.status.code), headers: head.headers,
                    body: body ?? context.channel.allocator.buffer(capacity: 0)))
            if !head.isKeepAlive {
                context.close(promise: nil)
            } else if promises.isEmpty {
                onIdle?(self)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(PeerRequestError.connectionLost("the peer closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(PeerRequestError.connectionLost("\(error)"))
        context.close(promise: nil)
    }

    /// Gives up on every waiting request and closes, so a late answer can never be taken for
    /// the answer to a later request.
    func abandon() {
        failAll(PeerRequestError.connectionLost("abandoned"))
        context?.close(promise: nil)
    }

    private func failAll(_ error: PeerRequestError) {
        let waiting = promises
        promises.removeAll()
        for promise in waiting { promise.fail(error) }
    }
}
