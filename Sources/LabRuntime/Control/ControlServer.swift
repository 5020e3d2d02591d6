import NIOCore
import NIOHTTP1
import NIOPosix

/// A control request: method, path (without query), query parameters, body.
public struct ControlRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    public var body: [UInt8]
}

/// A control answer: status and a JSON body.
public struct ControlResponse: Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int = 200, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    public static func json(_ text: String, status: Int = 200) -> ControlResponse {
        ControlResponse(status: status, body: Array((text + "\n").utf8))
    }

    /// `{"error": message}` with the given status.
    public static func error(_ message: String, status: Int = 400) -> ControlResponse {
        var bytes = Array(#"{"error":"#.utf8)
        LabJSON.appendString(message, to: &bytes)
        bytes += Array("}\n".utf8)
        return ControlResponse(status: status, body: bytes)
    }
}

/// The lab's control plane: HTTP/1.1 + JSON on a Unix socket in the run folder, so that other
/// terminals and scripts can inspect and steer a running lab (`docs/lab.md` lists the routes).
public final class ControlServer: Sendable {
    public typealias Handler = @Sendable (ControlRequest) async -> ControlResponse

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    public static func start(socketPath: String, handler: @escaping Handler) async throws -> ControlServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let channel = try await ServerBootstrap(group: group)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(ControlConnectionHandler(handler: handler))
                    }
                }
                .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true)
                .get()
            return ControlServer(group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.group = group
        self.channel = channel
    }

    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

private final class ControlConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let handler: ControlServer.Handler
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping ControlServer.Handler) {
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(let chunk):
            if body.count < 1_048_576 { body.append(contentsOf: chunk.readableBytesView) }
        case .end:
            guard let head else { return }
            self.head = nil
            let (path, query) = Self.split(head.uri)
            let request = ControlRequest(method: head.method.rawValue, path: path, query: query, body: body)
            let handler = self.handler
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            let keepAlive = head.isKeepAlive
            Task {
                let response = await handler(request)
                loop.execute {
                    let (connection, context) = bound.value
                    connection.write(response, keepAlive: keepAlive, context: context)
                }
            }
        }
    }

    private func write(_ response: ControlResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(response.body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(
            wrapOutboundOut(
                .head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: response.status), headers: headers))
            ),
            promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    static func split(_ uri: String) -> (String, [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri, [:]) }
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            query[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return (String(uri[..<mark]), query)
    }
}
