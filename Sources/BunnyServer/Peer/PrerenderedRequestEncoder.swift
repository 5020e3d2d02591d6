import NIOCore
import NIOHTTP1

/// The outbound end of the replication connection, in place of NIO's request encoder: the
/// caller renders each request whole (`PeerRequestWriter`) and sends it as one `.body` part,
/// which goes out unchanged. The `.head` part before it carries no bytes; it only passes the
/// response decoder, which observes outbound heads to pair each answer with its request.
/// `.end` parts carry nothing either.
///
/// Per replicated message this replaces building `HTTPHeaders`, validating them and encoding
/// them part by part, which cost more than encoding the JSON body.
final class PrerenderedRequestEncoder: ChannelOutboundHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = IOData

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .body(let bytes):
            context.write(wrapOutboundOut(bytes), promise: promise)
        case .head, .end:
            promise?.succeed(())
        }
    }
}
