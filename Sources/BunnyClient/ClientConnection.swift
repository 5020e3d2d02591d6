import NIOCore
import NIOHTTP1
import NIOPosix

/// The handler at the end of one keep-alive connection's pipeline: writes one request, collects
/// its answer, and reports both the answer and the connection's end to the pool.
final class ClientConnection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// Answers larger than this are refused (the daemon's bodies are at most a few KiB).
    static let maximumBodyBytes = 16 * 1024 * 1024

    weak var pool: ConnectionPool?
    var closeFuture: EventLoopFuture<Void>?
    private var context: ChannelHandlerContext?
    private var current: PendingExchange?
    private var responseHead: HTTPResponseHead?
    private var responseBody: ByteBuffer?
    private var pendingFailure: BunnyClientError?
    private(set) var isClosed = false

    var isUsable: Bool { !isClosed && context?.channel.isActive == true }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func start(_ exchange: PendingExchange) {
        guard let context, isUsable else {
            // Nothing was written: the request may go out on another connection.
            pool?.requeue(exchange, from: self)
            return
        }
        current = exchange
        responseHead = nil
        responseBody = nil
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let body = exchange.body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Gives up on the current exchange (it timed out) and closes: a late answer must never be
    /// mistaken for the answer to a later request.
    func abandon() {
        current = nil
        close()
    }

    func close() {
        guard !isClosed, let context else { return }
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // Informational answers (100 Continue) precede the real one.
            if head.status.code >= 100 && head.status.code < 200 { return }
            responseHead = head
        case .body(var buffer):
            if responseBody == nil {
                responseBody = buffer
            } else {
                responseBody!.writeBuffer(&buffer)
            }
            if (responseBody?.readableBytes ?? 0) > Self.maximumBodyBytes {
                pendingFailure = .malformedResponse(detail: "answer body larger than \(Self.maximumBodyBytes) bytes")
                context.close(promise: nil)
            }
        case .end:
            guard let head = responseHead else { return }
            let body = responseBody ?? ByteBuffer()
            responseHead = nil
            responseBody = nil
            guard let exchange = current else {
                // An answer nobody waits for (the request timed out): this connection is out of step.
                context.close(promise: nil)
                return
            }
            current = nil
            let response = ClientResponse(status: Int(head.status.code), headers: head.headers, body: body)
            pool?.exchangeFinished(on: self, exchange: exchange, result: .success(response), reusable: head.isKeepAlive)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if pendingFailure == nil {
            if error is HTTPParserError {
                pendingFailure = .malformedResponse(detail: "unparsable HTTP answer (\(error))")
            } else {
                pendingFailure = .connectionLost(detail: Self.describe(error))
            }
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isClosed = true
        if let exchange = current {
            current = nil
            let failure =
                pendingFailure ?? .connectionLost(detail: "the daemon closed the connection before answering")
            pool?.exchangeFinished(on: self, exchange: exchange, result: .failure(failure), reusable: false)
        }
        pool?.connectionClosed(self)
        context.fireChannelInactive()
    }

    /// A short human text for a socket-level error: `No such file or directory`,
    /// `Connection refused`, ...
    static func describe(_ error: any Error) -> String {
        if let ioError = error as? IOError {
            return String(cString: strerror(ioError.errnoCode))
        }
        if let addressError = error as? SocketAddressError {
            switch addressError {
            case .unixDomainSocketPathTooLong:
                return "socket path too long (at most 107 bytes)"
            default:
                return "\(addressError)"
            }
        }
        if let channelError = error as? ChannelError {
            switch channelError {
            case .connectTimeout(let amount):
                return "connect timed out after \(amount)"
            case .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
                return "connection closed"
            case .eof:
                return "unexpected end of stream"
            default:
                return "\(channelError)"
            }
        }
        return "\(error)"
    }
}
