import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP/1.1 server on a Unix socket that stands in for `bbd`: it records every request
/// and answers with whatever the test's responder says.
final class FakeDaemon: Sendable {
    struct RecordedRequest: Sendable {
        var method: HTTPMethod
        var uri: String
        var headers: HTTPHeaders
        var body: [UInt8]
        /// 1 for the first connection the daemon accepted, 2 for the second, ...
        var connectionNumber: Int

        var bodyText: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    indirect enum Reply: Sendable {
        case respond(status: Int, headers: [(String, String)], body: [UInt8])
        /// Close the connection without answering.
        case close
        /// Never answer (the client must time out).
        case silence
        /// Answer after a delay.
        case delayed(TimeAmount, Reply)
        /// Answer, then close the connection (as an idle timeout would).
        case thenClose(Reply)

        static func ok(_ body: String = "", headers: [(String, String)] = []) -> Reply {
            .respond(status: 200, headers: headers, body: Array(body.utf8))
        }

        static func error(
            _ status: Int, _ message: String, code: String? = nil, headers: [(String, String)] = []
        ) -> Reply {
            var allHeaders = headers
            allHeaders.append(("Content-Type", "text/plain; charset=utf-8"))
            if let code { allHeaders.append(("Bigbunny-Error-Code", code)) }
            return .respond(status: status, headers: allHeaders, body: Array((message + "\n").utf8))
        }
    }

    typealias Responder = @Sendable (RecordedRequest) -> Reply

    struct State {
        var requests: [RecordedRequest] = []
        var acceptedConnections = 0
        var responder: Responder
    }

    let socketPath: String
    private let channel: any Channel
    private let state: NIOLockedValueBox<State>

    private init(socketPath: String, channel: any Channel, state: NIOLockedValueBox<State>) {
        self.socketPath = socketPath
        self.channel = channel
        self.state = state
    }

    static func temporarySocketPath() -> String {
        "/tmp/bbcli-\(UInt32.random(in: 0...UInt32.max)).sock"
    }

    /// Starts listening on `socketPath` (a fresh temporary path unless given: a test may bring a
    /// stopped daemon back at its old path).
    static func start(
        socketPath: String = temporarySocketPath(), responder: @escaping Responder = { _ in .ok() }
    ) async throws -> FakeDaemon {
        let state = NIOLockedValueBox(State(responder: responder))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                let number = state.withLockedValue { state -> Int in
                    state.acceptedConnections += 1
                    return state.acceptedConnections
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        FakeDaemonHandler(connectionNumber: number, state: Handle(state: state)))
                }
            }
            .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true)
            .get()
        return FakeDaemon(socketPath: socketPath, channel: channel, state: state)
    }

    var requests: [RecordedRequest] { state.withLockedValue { $0.requests } }
    var lastRequest: RecordedRequest? { requests.last }
    var acceptedConnections: Int { state.withLockedValue { $0.acceptedConnections } }

    func setResponder(_ responder: @escaping Responder) {
        state.withLockedValue { $0.responder = responder }
    }

    func stop() async {
        try? await channel.close()
        unlink(socketPath)
    }

    /// What the per-connection handler sees of the shared state.
    struct Handle: Sendable {
        let state: NIOLockedValueBox<State>

        func record(_ request: RecordedRequest) -> Reply {
            state.withLockedValue { state in
                state.requests.append(request)
                return state.responder(request)
            }
        }
    }
}

private final class FakeDaemonHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let connectionNumber: Int
    private let state: FakeDaemon.Handle
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(connectionNumber: Int, state: FakeDaemon.Handle) {
        self.connectionNumber = connectionNumber
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            let request = FakeDaemon.RecordedRequest(
                method: head.method, uri: head.uri, headers: head.headers, body: body,
                connectionNumber: connectionNumber)
            self.head = nil
            perform(state.record(request), context: context)
        }
    }

    private func perform(_ reply: FakeDaemon.Reply, context: ChannelHandlerContext) {
        switch reply {
        case .respond(let status, let headers, let body):
            var responseHeaders = HTTPHeaders(headers)
            responseHeaders.replaceOrAdd(name: "Content-Length", value: String(body.count))
            let responseHead = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: responseHeaders)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            if !body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .close:
            context.close(promise: nil)
        case .silence:
            break
        case .thenClose(let reply):
            perform(reply, context: context)
            context.close(promise: nil)
        case .delayed(let delay, let reply):
            let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            let loopBoundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) {
                loopBoundSelf.value.perform(reply, context: loopBoundContext.value)
            }
        }
    }
}
