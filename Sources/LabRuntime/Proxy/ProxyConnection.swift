import LabCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// One sender connection through the proxy and its own upstream connection.
///
/// Requests are read whole, numbered and given a fate by the link's policy, then queued; the
/// queue is worked one message at a time against the upstream connection (senders wait for an
/// answer before the next request, so the queue is short): wait out the delay on a timer (other
/// connections are not held up), write, wait for the whole answer, relay it, journal. Extra
/// deliveries (the copy of a duplicate, a released reorder-held message) go on the same queue
/// after their trigger, with their answers discarded. Answers to the sender keep request order.
///
/// Everything here runs on the sender channel's event loop; the upstream channel uses the same
/// loop. Hence `@unchecked Sendable`: other threads only reach it through `eventLoop.execute`.
final class ProxyConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private struct Forward {
        var request: ProxiedRequest
        var fate: JournalFate
        /// Whether the answer goes back to the sender (otherwise it is discarded).
        var relaysAnswer: Bool
        var notBefore: NIODeadline
        var delay: Duration?
    }

    private enum Work {
        case forward(Forward)
        /// The immediate `200` for a message held for reorder.
        case answerLocally(ProxiedRequest)
    }

    private enum UpstreamState {
        case connecting
        case ready(Channel, UpstreamHandler)
        case gone(String)
    }

    private let link: ProxyLinkState
    private let upstreamHost: String
    private let upstreamPort: Int
    /// The loop both channels of this connection run on.
    let eventLoop: any EventLoop
    private var context: ChannelHandlerContext?
    private(set) var number = 0

    private var senderOpen = false
    private var upstream = UpstreamState.connecting
    private var incomingHead: HTTPRequestHead?
    private var incomingBody: ByteBuffer?
    private var incomingBytes = 0
    private var queue: [Work] = []
    /// Whether `queue.first` is being worked (waiting for its delay or its answer).
    private var busy = false
    private var sentAt: NIODeadline?
    private var sentAtLabTime: Int64 = 0
    private var delayTimer: Scheduled<Void>?
    private var abandonTimer: Scheduled<Void>?
    /// Set once a request was swallowed: its answer can never come, so the connection is dead
    /// for HTTP and everything else read from it is swallowed too.
    private var silenced = false
    private var finished = false

    init(link: ProxyLinkState, upstreamHost: String, upstreamPort: Int, eventLoop: any EventLoop) {
        self.link = link
        self.eventLoop = eventLoop
        self.upstreamHost = upstreamHost
        self.upstreamPort = upstreamPort
    }

    // MARK: Sender side

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// The context holds this handler: keeping it after removal leaked every proxied
    /// connection (handler, context, channel, link state) in a cycle, found by LeakSanitizer.
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        senderOpen = true
        guard let number = link.admit(self) else {
            finished = true
            upstream = .gone("refused")
            context.channel.resetAbruptly()
            return
        }
        self.number = number
        connectUpstream(on: context.eventLoop)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                // The whole body is read before forwarding, so answer the expectation here.
                head.headers.remove(name: "expect")
                if senderOpen {
                    context.writeAndFlush(
                        wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil
                    )
                }
            }
            incomingHead = head
            incomingBody = nil
            incomingBytes = 0
        case .body(var part):
            guard incomingHead != nil else { return }
            incomingBytes += part.readableBytes
            if incomingBytes > link.configuration.maximumBodyBytes {
                refuseOversizedRequest()
                return
            }
            if incomingBody == nil {
                incomingBody = part
            } else {
                incomingBody!.writeBuffer(&part)
            }
        case .end(let trailers):
            guard let head = incomingHead else { return }
            let request = ProxiedRequest(
                head: head, body: incomingBody, trailers: trailers,
                messageClass: MessageClass.classify(method: head.method.rawValue, path: head.uri),
                connection: number, arrivalLabTime: link.clock(), arrival: .now())
            incomingHead = nil
            incomingBody = nil
            incomingBytes = 0
            handle(request)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        senderOpen = false
        if !busy && queue.isEmpty {
            closeUpstream()
        } else if busy, sentAt != nil {
            armAbandonTimer()
        }
        finishIfDone()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Unparseable request bytes: nothing sensible can be relayed any more.
        context.close(promise: nil)
    }

    private func handle(_ incoming: ProxiedRequest) {
        var request = incoming
        if silenced || finished {
            request.sequence = link.nextSequence()
            link.journal(request, fate: .drop, error: "connection already silenced")
            return
        }
        if queue.count >= link.configuration.maximumQueuedMessagesPerConnection {
            request.sequence = link.nextSequence()
            link.journal(request, fate: .reset, error: "more than \(queue.count) messages queued on one connection")
            reset()
            return
        }
        let decision = link.decide(&request)
        switch decision.fate {
        case .drop, .blackhole:
            silenced = true
            link.journal(request, fate: decision.fate.journalFate)
        case .reset:
            link.journal(request, fate: .reset)
            reset()
        case .holdForReorder:
            queue.append(.answerLocally(request))
        case .deliver(let delay), .deliverAndKeepForReplay(let delay):
            queue.append(
                .forward(
                    Forward(
                        request: request, fate: decision.fate.journalFate, relaysAnswer: true,
                        notBefore: request.arrival + TimeAmount(delay), delay: delay)))
        case .duplicate(let delay):
            queue.append(
                .forward(
                    Forward(
                        request: request, fate: .duplicate, relaysAnswer: true,
                        notBefore: request.arrival + TimeAmount(delay), delay: delay)))
            queue.append(
                .forward(
                    Forward(
                        request: request, fate: .duplicateCopy, relaysAnswer: false, notBefore: request.arrival,
                        delay: nil)))
        }
        if let released = decision.release {
            queue.append(
                .forward(
                    Forward(
                        request: released, fate: .reorderRelease, relaysAnswer: false, notBefore: released.arrival,
                        delay: nil)))
        }
        pump()
    }

    private func refuseOversizedRequest() {
        guard let head = incomingHead else { return }
        var request = ProxiedRequest(
            head: head, body: nil, trailers: nil,
            messageClass: MessageClass.classify(method: head.method.rawValue, path: head.uri),
            connection: number, arrivalLabTime: link.clock(), arrival: .now())
        request.sequence = link.nextSequence()
        link.journal(
            request, fate: .reset, error: "request body over \(link.configuration.maximumBodyBytes) bytes")
        incomingHead = nil
        incomingBody = nil
        reset()
    }

    // MARK: The queue

    private func pump() {
        while !busy, !finished, let first = queue.first {
            switch first {
            case .answerLocally(let request):
                queue.removeFirst()
                if senderOpen, let context {
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Length", value: "0")
                    context.write(
                        wrapOutboundOut(
                            .head(HTTPResponseHead(version: request.head.version, status: .ok, headers: headers))),
                        promise: nil)
                    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                }
                link.journal(request, fate: .holdForReorder)
            case .forward(let forward):
                switch upstream {
                case .connecting:
                    return
                case .gone(let reason):
                    failQueue(reason)
                    return
                case .ready:
                    busy = true
                    if forward.notBefore > .now() {
                        delayTimer = eventLoop.scheduleTask(deadline: forward.notBefore) { [self] in
                            delayTimer = nil
                            send(forward)
                        }
                    } else {
                        send(forward)
                    }
                    return
                }
            }
        }
    }

    private func send(_ forward: Forward) {
        guard case .ready(_, let handler) = upstream else {
            busy = false
            pump()
            return
        }
        sentAt = .now()
        sentAtLabTime = forward.fate == .reorderRelease ? link.clock() : forward.request.arrivalLabTime
        handler.send(forward.request)
        if !forward.relaysAnswer || !senderOpen { armAbandonTimer() }
    }

    private func upstreamAnswered(_ answer: UpstreamAnswer) {
        guard busy, let startedAt = sentAt, case .forward(let forward)? = queue.first else { return }
        let roundTrip = NIODeadline.now() - startedAt
        queue.removeFirst()
        busy = false
        sentAt = nil
        abandonTimer?.cancel()
        abandonTimer = nil
        var note: String?
        if forward.relaysAnswer && senderOpen && !silenced {
            if link.swallowsAnswers {
                silenced = true
                note = "answer swallowed by a blackhole partition"
            } else if let context {
                context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
                if let body = answer.body, body.readableBytes > 0 {
                    context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(answer.trailers)), promise: nil)
            }
        }
        link.journal(
            forward.request, fate: forward.fate,
            time: forward.fate == .reorderRelease ? sentAtLabTime : nil,
            delay: forward.delay, answer: answer, roundTrip: roundTrip, error: note)
        if !senderOpen && queue.isEmpty {
            closeUpstream()
        } else {
            pump()
        }
    }

    /// Journals everything still queued as failed (their fates were decided, but they never
    /// made it), including the one in progress.
    private func failQueue(_ reason: String) {
        delayTimer?.cancel()
        delayTimer = nil
        abandonTimer?.cancel()
        abandonTimer = nil
        let pending = queue
        queue.removeAll()
        busy = false
        sentAt = nil
        for work in pending {
            switch work {
            case .forward(let forward):
                link.journal(forward.request, fate: forward.fate, delay: forward.delay, error: reason)
            case .answerLocally(let request):
                link.journal(request, fate: .holdForReorder, error: reason)
            }
        }
    }

    private func armAbandonTimer() {
        guard abandonTimer == nil else { return }
        abandonTimer = eventLoop.scheduleTask(in: TimeAmount(link.configuration.abandonedAnswerTimeout)) { [self] in
            abandonTimer = nil
            guard busy, sentAt != nil else { return }
            // Nobody reads this answer and the upstream is not giving it: give up on it.
            link.countUpstreamError()
            failQueue("no answer within \(link.configuration.abandonedAnswerTimeout)")
            closeUpstream()
            if senderOpen { context?.close(promise: nil) }
        }
    }

    // MARK: Upstream side

    private func connectUpstream(on eventLoop: any EventLoop) {
        let handler = UpstreamHandler(maximumBodyBytes: link.configuration.maximumBodyBytes)
        handler.onAnswer = { [self] answer in upstreamAnswered(answer) }
        handler.onFailure = { [self] reason in
            link.countUpstreamError()
            failQueue(reason)
            upstream = .gone(reason)
            if senderOpen { context?.channel.resetAbruptly() }
        }
        handler.onClose = { [self] in upstreamClosed() }
        ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(TimeAmount(link.configuration.upstreamConnectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    var encoderConfiguration = HTTPRequestEncoder.Configuration()
                    encoderConfiguration.automaticallySetFramingHeaders = false
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        leftOverBytesStrategy: .dropBytes, enableOutboundHeaderValidation: false,
                        encoderConfiguration: encoderConfiguration)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: upstreamHost, port: upstreamPort)
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    if finished || !isWanted {
                        channel.close(promise: nil)
                        upstream = .gone("closed")
                        finishIfDone()
                        return
                    }
                    upstream = .ready(channel, handler)
                    pump()
                case .failure(let error):
                    let reason = "cannot connect upstream: \(error)"
                    upstream = .gone(reason)
                    link.countUpstreamError()
                    failQueue(reason)
                    // Mirror the refused connection to the sender.
                    if senderOpen { context?.channel.resetAbruptly() }
                    finishIfDone()
                }
            }
    }

    /// Whether the upstream connection is still of use: the sender is there, or work remains.
    private var isWanted: Bool { senderOpen || busy || !queue.isEmpty }

    private func upstreamClosed() {
        let wasBusy = busy
        upstream = .gone("upstream closed the connection")
        if wasBusy || !queue.isEmpty {
            if wasBusy && sentAt != nil { link.countUpstreamError() }
            failQueue("upstream closed the connection before answering")
        }
        // Mirror the close to the sender (the daemon went away or ended keep-alive).
        if senderOpen { context?.close(promise: nil) }
        finishIfDone()
    }

    private func closeUpstream() {
        if case .ready(let channel, _) = upstream {
            channel.close(promise: nil)
        }
    }

    // MARK: Ending

    /// Closes both sides abruptly (a `reset` fate, a `refuse` partition, an overflow).
    func reset() {
        silenced = true
        if busy || !queue.isEmpty { failQueue("connection reset by the proxy") }
        if case .ready(let channel, _) = upstream { channel.resetAbruptly() }
        if senderOpen { context?.channel.resetAbruptly() }
    }

    /// Closes both sides gracefully (the proxy is stopping).
    func close() {
        if busy || !queue.isEmpty { failQueue("proxy stopped") }
        closeUpstream()
        if senderOpen { context?.close(promise: nil) }
    }

    private func finishIfDone() {
        guard !finished, !senderOpen else { return }
        if case .ready = upstream { return }
        if case .connecting = upstream { return }
        finished = true
        delayTimer?.cancel()
        abandonTimer?.cancel()
        if number > 0 { link.remove(connection: number) }
    }
}
