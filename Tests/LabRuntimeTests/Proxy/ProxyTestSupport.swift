import Foundation
import LabCore
import LabRuntime
import NIOCore
import NIOHTTP1
import NIOPosix

/// A value behind a lock, for test fixtures shared with event loops.
final class TestLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}

/// Waits until `condition` holds, checking every 10 ms, at most `timeout`.
func eventually(timeout: Duration = .seconds(3), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

func monotonicNanoseconds() -> Int64 {
    Int64(NIODeadline.now().uptimeNanoseconds)
}

/// Collects journal entries.
final class TestJournal: Sendable {
    private let entries = TestLocked<[ProxyJournalEntry]>([])

    var sink: @Sendable (ProxyJournalEntry) -> Void {
        { [entries] entry in entries.withLock { $0.append(entry) } }
    }

    var all: [ProxyJournalEntry] {
        entries.current.sorted { ($0.sequence, $0.timeNanoseconds) < ($1.sequence, $1.timeNanoseconds) }
    }

    func fates(_ fate: JournalFate) -> [ProxyJournalEntry] { all.filter { $0.fate == fate } }
}

// MARK: - Upstream test server

/// A tiny HTTP/1.1 server standing in for a daemon: records every request and answers `200`
/// with `{"count":N,"path":"…"}\n`, N counting requests. Request headers steer it:
/// `X-Test-Chunked: <n>` answers in n chunks (chunked encoding), `X-Test-Size: <bytes>` pads the
/// answer to that many body bytes, `X-Test-Delay-Ms: <ms>` answers late.
final class TestUpstream: Sendable {
    struct Received: Sendable, Equatable {
        var method: String
        var uri: String
        var headers: [String]
        var body: String
        var connection: Int

        func header(_ name: String) -> String? {
            headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
                String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
            }
        }
    }

    let received = TestLocked<[Received]>([])
    let connections = TestLocked(0)
    private let channel = TestLocked<(any Channel)?>(nil)

    var port: Int { channel.current?.localAddress?.port ?? 0 }
    var requests: [Received] { received.current }

    static func start() async throws -> TestUpstream {
        let upstream = TestUpstream()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
                    let number = upstream.connections.withLock { count in
                        count += 1
                        return count
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        TestUpstreamHandler(upstream: upstream, connection: number))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        upstream.channel.withLock { $0 = channel }
        return upstream
    }

    func stop() async {
        try? await channel.current?.close()
    }
}

private final class TestUpstreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let upstream: TestUpstream
    let connection: Int
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(upstream: TestUpstream, connection: Int) {
        self.upstream = upstream
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head else { return }
            let text = String(buffer: body)
            let count = upstream.received.withLock { received in
                received.append(
                    TestUpstream.Received(
                        method: head.method.rawValue, uri: head.uri,
                        headers: head.headers.map { "\($0.name): \($0.value)" }, body: text, connection: connection))
                return received.count
            }
            var answer = #"{"count":\#(count),"path":"\#(head.uri)"}"#
            if let size = head.headers.first(name: "x-test-size").flatMap(Int.init), size > answer.utf8.count + 1 {
                answer += String(repeating: " ", count: size - answer.utf8.count - 1)
            }
            answer += "\n"
            let answerText = answer
            let chunks = head.headers.first(name: "x-test-chunked").flatMap(Int.init) ?? 0
            let closes = head.headers.first(name: "x-test-close") == "1"
            let delay = head.headers.first(name: "x-test-delay-ms").flatMap(Int64.init) ?? 0
            let version = head.version
            if delay > 0 {
                let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(delay)) { [self] in
                    respond(
                        context: loopBoundContext.value, version: version, answer: answerText, chunks: chunks,
                        closes: closes)
                }
            } else {
                respond(context: context, version: version, answer: answerText, chunks: chunks, closes: closes)
            }
            self.head = nil
        }
    }

    private func respond(
        context: ChannelHandlerContext, version: HTTPVersion, answer: String, chunks: Int, closes: Bool
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        if closes { headers.add(name: "Connection", value: "close") }
        let bytes = Array(answer.utf8)
        if chunks > 0 {
            headers.add(name: "Transfer-Encoding", value: "chunked")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .ok, headers: headers))), promise: nil)
            let size = max(1, (bytes.count + chunks - 1) / chunks)
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + size)
                context.writeAndFlush(
                    wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes[offset..<end])))), promise: nil)
                offset = end
            }
        } else {
            headers.add(name: "Content-Length", value: String(bytes.count))
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if closes {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

// MARK: - Test client

struct TestResponse: Sendable {
    var status: Int
    var headers: [String]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
            String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
        }
    }
}

enum TestClientError: Error {
    case connectionClosed
    case timedOut
}

/// One keep-alive HTTP/1.1 connection that sends a request and waits for its answer.
final class TestHTTPClient: Sendable {
    private let channel: any Channel
    private let handler: TestClientHandler

    private init(channel: any Channel, handler: TestClientHandler) {
        self.channel = channel
        self.handler = handler
    }

    static func connect(port: Int) async throws -> TestHTTPClient {
        let handler = TestClientHandler()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestHTTPClient(channel: channel, handler: handler)
    }

    /// Sends one request; nil when no answer came within `timeout`. Throws when the connection
    /// closed (or was reset) instead.
    func send(
        _ method: HTTPMethod = .POST, _ path: String, headers: [(String, String)] = [], body: String = "",
        chunked: Bool = false, timeout: Duration = .seconds(3)
    ) async throws -> TestResponse? {
        var requestHeaders = HTTPHeaders(headers)
        requestHeaders.add(name: "Host", value: "127.0.0.1")
        if chunked {
            requestHeaders.add(name: "Transfer-Encoding", value: "chunked")
        } else if method == .POST || !body.isEmpty {
            requestHeaders.add(name: "Content-Length", value: String(body.utf8.count))
        }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: requestHeaders)
        let handler = self.handler
        let channel = self.channel
        let future = channel.eventLoop.flatSubmit {
            handler.send(head: head, body: body, chunked: chunked, timeout: TimeAmount(timeout))
        }
        do {
            return try await future.get()
        } catch TestClientError.timedOut {
            return nil
        }
    }

    var isOpen: Bool { channel.isActive }

    func close() async {
        try? await channel.close()
    }
}

private final class TestClientHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private var context: ChannelHandlerContext?
    private var pending: EventLoopPromise<TestResponse>?
    private var timer: Scheduled<Void>?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private var closed = false

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    /// The context holds this handler, and a pending timer's task holds it too: keeping either
    /// after removal leaked every closed test connection (handler, context, channel, its last
    /// response buffer) in a cycle, found by LeakSanitizer.
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        timer?.cancel()
        timer = nil
    }

    func send(head: HTTPRequestHead, body: String, chunked: Bool, timeout: TimeAmount) -> EventLoopFuture<TestResponse>
    {
        guard let context, !closed else {
            return MultiThreadedEventLoopGroup.singleton.next().makeFailedFuture(TestClientError.connectionClosed)
        }
        let promise = context.eventLoop.makePromise(of: TestResponse.self)
        pending = promise
        timer = context.eventLoop.scheduleTask(in: timeout) { [self] in
            pending = nil
            timer = nil
            promise.fail(TestClientError.timedOut)
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty {
            let bytes = Array(body.utf8)
            if chunked, bytes.count > 1 {
                // Two chunks, to exercise chunked request bodies.
                let middle = bytes.count / 2
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes[..<middle])))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes[middle...])))), promise: nil)
            } else {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
            }
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head else { return }
            let response = TestResponse(
                status: Int(head.status.code), headers: head.headers.map { "\($0.name): \($0.value)" },
                body: String(buffer: body))
            self.head = nil
            timer?.cancel()
            timer = nil
            let promise = pending
            pending = nil
            promise?.succeed(response)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        timer?.cancel()
        timer = nil
        let promise = pending
        pending = nil
        promise?.fail(TestClientError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// A proxy in front of a fresh test upstream, with a collecting journal.
struct ProxyFixture {
    let upstream: TestUpstream
    let proxy: FaultProxy
    let journal: TestJournal
    let port: Int

    static func start(seed: UInt64 = 1, configuration: FaultProxyConfiguration = FaultProxyConfiguration()) async throws
        -> ProxyFixture
    {
        let upstream = try await TestUpstream.start()
        let journal = TestJournal()
        let proxy = FaultProxy(
            name: "node1->node2", upstreamHost: "127.0.0.1", upstreamPort: upstream.port, configuration: configuration,
            journal: journal.sink, clock: { monotonicNanoseconds() }, seed: seed)
        let port = try await proxy.start()
        return ProxyFixture(upstream: upstream, proxy: proxy, journal: journal, port: port)
    }

    func client() async throws -> TestHTTPClient {
        try await TestHTTPClient.connect(port: port)
    }

    func stop() async {
        await proxy.stop()
        await upstream.stop()
    }
}

func heartbeatBody(epoch: UInt64, host: String = "node1") -> String {
    #"{"host_id":"\#(host)","site":"local","address":"127.0.0.1:19101","leader_epoch":\#(epoch),"store_count":6,"memory_usage":1626,"timestamp":"2026-11-22T03:59:44.667154159Z"}"#
}

func replicateBody(type: Int, epoch: UInt64, store: String) -> String {
    #"{"type":\#(type),"store_id":"\#(store)","shard_id":"GepfzZgqr5o","customer_id":"acme-corp","body":"aGk=","expires_at":"0001-01-01T00:00:00Z","version":1,"leader_epoch":\#(epoch),"source_host":"node1","timestamp":"2026-11-22T03:59:35.16939Z"}"#
}
