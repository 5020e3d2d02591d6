import NIOCore
import NIOHTTP1

/// The proxy's end of one upstream connection: writes whole requests and hands back whole
/// answers (bounded), one at a time. Confined to its channel's event loop.
final class UpstreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// A whole answer arrived.
    var onAnswer: ((UpstreamAnswer) -> Void)?
    /// The answer was too large or malformed; the connection is being closed.
    var onFailure: ((String) -> Void)?
    /// The connection closed (after `onFailure`, or on its own).
    var onClose: (() -> Void)?

    private let maximumBodyBytes: Int
    private var context: ChannelHandlerContext?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var bodyBytes = 0
    private var failed = false

    init(maximumBodyBytes: Int) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes one request; headers are kept as they came (framing included).
    func send(_ request: ProxiedRequest) {
        guard let context else { return }
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let body = request.body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(request.trailers)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
            body = nil
            bodyBytes = 0
        case .body(var part):
            bodyBytes += part.readableBytes
            guard bodyBytes <= maximumBodyBytes else {
                fail("answer body over \(maximumBodyBytes) bytes", context: context)
                return
            }
            if body == nil {
                body = part
            } else {
                body!.writeBuffer(&part)
            }
        case .end(let trailers):
            guard let responseHead = head else { return }
            let answer = UpstreamAnswer(head: responseHead, body: body, trailers: trailers)
            head = nil
            body = nil
            bodyBytes = 0
            onAnswer?(answer)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("upstream protocol error: \(error)", context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose?()
        context.fireChannelInactive()
    }

    private func fail(_ reason: String, context: ChannelHandlerContext) {
        guard !failed else { return }
        failed = true
        onFailure?(reason)
        context.channel.resetAbruptly()
    }
}
