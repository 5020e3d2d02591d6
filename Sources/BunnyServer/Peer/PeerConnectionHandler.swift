import NIOCore
import NIOHTTP1

/// One keep-alive HTTP/1.1 connection to a peer, carrying one request at a time.
final class PeerConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private var context: ChannelHandlerContext?
    private var promise: EventLoopPromise<PeerResponse>?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    var onIdle: ((PeerConnectionHandler) -> Void)?

    var isActive: Bool { context?.channel.isActive == true }
    var isBusy: Bool { promise != nil }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func send(_ request: HTTPRequestHead, body requestBody: ByteBuffer?, promise: EventLoopPromise<PeerResponse>) {
        guard let context, context.channel.isActive else {
            promise.fail(PeerRequestError.connectionLost("connection closed"))
            return
        }
        self.promise = promise
        head = nil
        body = nil
        context.write(wrapOutboundOut(.head(request)), promise: nil)
        if let requestBody, requestBody.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(requestBody))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            if responseHead.status.code < 200 { return }
            head = responseHead
        case .body(var chunk):
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let head, let promise else { return }
            self.promise = nil
            promise.succeed(
                PeerResponse(
                    status: Int(head.status.code), headers: head.headers,
                    body: body ?? context.channel.allocator.buffer(capacity: 0)))
            if !head.isKeepAlive { context.close(promise: nil) } else { onIdle?(self) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(PeerRequestError.connectionLost("the peer closed the connection"))
        promise = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(PeerRequestError.connectionLost("\(error)"))
        promise = nil
        context.close(promise: nil)
    }

    /// Gives up on the current request and closes, so a late answer can never be taken for
    /// the answer to a later request.
    func abandon() {
        promise = nil
        context?.close(promise: nil)
    }
}
