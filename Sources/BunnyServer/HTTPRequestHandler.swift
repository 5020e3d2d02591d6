import BunnyCore
import BunnyWire
import NIOCore
import NIOHTTP1

/// Collects one HTTP request, hands it to the replica and writes the answer.
///
/// Bodies are collected up to the route's limit; past it the request is answered at once (the
/// core decides whether 413 or an earlier check wins) and the connection is closed, so a huge
/// body is never read to the end.
final class HTTPRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let host: ReplicaHost
    private let coordinator: ClusterCoordinator
    private let metrics: DaemonMetrics
    private let connection: TrackedConnection
    private let listener: Listener
    private let tracker: ConnectionTracker

    private var head: HTTPRequestHead?
    private var route: Route = .notFound
    private var body: [UInt8] = []
    private var bodyLimit = PublicRequest.maximumBodyBytes
    private var requestStarted = MonotonicTime(nanoseconds: 0)
    /// Set once an answer went out before the request ended; the rest of it is ignored.
    private var answeredEarly = false
    /// Answers waiting for an earlier, asynchronous answer on this connection (pipelined
    /// requests are answered in order). Empty in the common case.
    private var waitingAnswers: [AnswerSlot] = []
    private var isClosing = false
    /// Graceful shutdown asked this connection to finish its current request and close.
    private var isQuiescing = false
    /// Between the first `channelRead` of a read burst and its `channelReadComplete`: answers
    /// written meanwhile are flushed together at the end of the burst, so a peer that pipelines
    /// (the primary's replication stream) gets one `write` for all the answers of one read
    /// instead of one per request.
    private var isInsideReadBurst = false
    private var hasUnflushedAnswers = false
    /// Set while a public request of this connection waits to run (`executionGate`).
    private var pendingExecution: EventLoopFuture<Void>?

    /// One answer's place in the connection's order.
    private final class AnswerSlot {
        var bytes: ByteBuffer?
        var closeAfter = false
        var afterWrite: (() -> Void)?
    }

    init(
        host: ReplicaHost, coordinator: ClusterCoordinator, metrics: DaemonMetrics, connection: TrackedConnection,
        listener: Listener, tracker: ConnectionTracker
    ) {
        self.host = host
        self.coordinator = coordinator
        self.metrics = metrics
        self.connection = connection
        self.listener = listener
        self.tracker = tracker
    }

    func channelInactive(context: ChannelHandlerContext) {
        tracker.unregister(connection)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        isInsideReadBurst = true
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            connection.headReceived()
            requestStarted = SystemClock.monotonicNow()
            head = requestHead
            answeredEarly = false
            body.removeAll(keepingCapacity: true)
            route = Route.resolve(method: Self.method(requestHead.method), target: requestHead.uri)
            bodyLimit = Self.bodyLimit(for: route)
            if let expect = requestHead.headers.first(name: "expect"), expect.lowercased() == "100-continue" {
                context.writeAndFlush(
                    wrapOutboundOut(HTTPResponseWriter.continueResponse(allocator: context.channel.allocator)),
                    promise: nil)
            }
        case .body(var chunk):
            guard !answeredEarly else { return }
            if body.count + chunk.readableBytes > bodyLimit {
                answeredEarly = true
                answer(context: context, bodyTooLarge: true)
                return
            }
            body.append(contentsOf: chunk.readableBytesView)
            chunk.moveReaderIndex(forwardBy: chunk.readableBytes)
        case .end:
            connection.requestComplete()
            guard !answeredEarly else { return }
            answer(context: context, bodyTooLarge: false)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        isInsideReadBurst = false
        if hasUnflushedAnswers {
            hasUnflushedAnswers = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Decoder errors: answer once if nothing was answered yet, then close.
        guard let parserError = error as? HTTPParserError else {
            context.close(promise: nil)
            return
        }
        let response: WireResponse
        switch parserError {
        case .headerOverflow:
            response = .error(APIError(status: 431, code: .headersTooLarge, message: "request header fields too large"))
        default:
            response = .error(APIError(status: 400, code: .badRequest, message: "malformed HTTP request"))
        }
        guard !isClosing else { return }
        isClosing = true
        let bytes = HTTPResponseWriter.render(
            response, keepAlive: false, omitBody: false, allocator: context.channel.allocator)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in channel.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        isQuiescing = true
        if head == nil, waitingAnswers.isEmpty, connection.isIdle { context.close(promise: nil) }
    }

    // MARK: - Answering

    /// An answer now, or later (forwarded writes, join snapshots); `afterWrite` runs once the
    /// answer is written or has failed to be.
    private enum Answer {
        case now(WireResponse)
        case later(EventLoopFuture<WireResponse>)

        func future(on eventLoop: any EventLoop) -> EventLoopFuture<WireResponse> {
            switch self {
            case .now(let response): eventLoop.makeSucceededFuture(response)
            case .later(let future): future
            }
        }
    }

    private func answer(context: ChannelHandlerContext, bodyTooLarge: Bool) {
        guard let head else { return }
        self.head = nil
        let route = self.route
        let started = requestStarted
        let metrics = self.metrics
        let keepAlive = head.isKeepAlive && !bodyTooLarge && !isQuiescing
        let omitBody = head.method == .HEAD
        let allocator = context.channel.allocator

        // A write held by replication back-pressure, or any public request behind one on this
        // connection: it runs later, in its turn.
        if case .publicAPI(let endpoint) = route, authorize(head) == nil, let gate = executionGate(for: endpoint) {
            let request = publicRequest(endpoint, head: head, bodyTooLarge: bodyTooLarge)
            let requestBody = body
            let deferred = gate.flatMap { self.execute(request, head: head, body: requestBody) }
            noteDeferredExecution(deferred)
            enqueue(
                .later(deferred), route: route, started: started, keepAlive: keepAlive, omitBody: omitBody,
                afterWrite: nil, context: context)
            return
        }

        // The fast path: a public request answered at once, on a connection with nothing pending.
        if case .publicAPI(let endpoint) = route, waitingAnswers.isEmpty, authorize(head) == nil,
            coordinator.persistence?.holdsAcknowledgements != true
        {
            let request = publicRequest(endpoint, head: head, bodyTooLarge: bodyTooLarge)
            let outcome = host.replica.handle(request, at: SystemClock.now())
            switch outcome {
            case .success(let response):
                metrics.recordRequest(
                    endpoint: endpoint.name, status: 200, duration: SystemClock.monotonicNow() - started)
                write(
                    HTTPResponseWriter.render(response, keepAlive: keepAlive, allocator: allocator), close: !keepAlive,
                    context: context)
                afterSuccess(of: endpoint)
            case .failure(let error) where !mayWaitForLock(error, endpoint: endpoint):
                metrics.recordRequest(
                    endpoint: endpoint.name, status: error.status, duration: SystemClock.monotonicNow() - started)
                write(
                    HTTPResponseWriter.render(
                        .error(error), keepAlive: keepAlive, omitBody: false, allocator: allocator),
                    close: !keepAlive, context: context)
            case .failure, .forward, .wait:
                let answer = settle(outcome, of: request, head: head, body: body)
                if case .later(let future) = answer { noteDeferredExecution(future) }
                enqueue(
                    answer, route: route, started: started, keepAlive: keepAlive, omitBody: omitBody, afterWrite: nil,
                    context: context)
            }
            coordinator.pumpReplication()
            return
        }
        var afterWrite: (() -> Void)?
        let answer = respond(to: head, bodyTooLarge: bodyTooLarge, afterWrite: &afterWrite)
        enqueue(
            answer, route: route, started: started, keepAlive: keepAlive, omitBody: omitBody, afterWrite: afterWrite,
            context: context)
        coordinator.pumpReplication()
    }

    /// What a public request must wait for before it runs: the previous held request of this
    /// connection (so a connection's requests run in order), or replication back-pressure for
    /// a write; nil when it runs now.
    private func executionGate(for endpoint: PublicEndpoint) -> EventLoopFuture<Void>? {
        if let pendingExecution { return pendingExecution }
        switch endpoint {
        case .snapshot, .lookupIDByName, .watch:
            return nil
        case .completeModify, .cancelModify:
            // They end a modify cycle whose lock is already held (500 ms): waiting here would
            // only make the lock expire.
            return nil
        case .create, .createByName, .delete, .deleteByName, .beginModify, .update, .increment, .decrement:
            return coordinator.holdWrite()
        }
    }

    private func noteDeferredExecution(_ answer: EventLoopFuture<WireResponse>) {
        let done = answer.map { _ in () }
        pendingExecution = done
        done.whenComplete { _ in
            if self.pendingExecution === done { self.pendingExecution = nil }
        }
    }

    /// Runs a public request that waited (see `executionGate`).
    private func execute(_ request: PublicRequest, head: HTTPRequestHead, body: [UInt8])
        -> EventLoopFuture<WireResponse>
    {
        defer { coordinator.pumpReplication() }
        return settle(host.replica.handle(request, at: SystemClock.now()), of: request, head: head, body: body)
            .future(on: host.eventLoop)
    }

    /// The answer to a public request's outcome: a store locked by someone else parks the
    /// request in the lock-wait queue; a request that may have released a lock wakes the
    /// requests waiting for it; a write on a non-primary is forwarded.
    private func settle(_ outcome: PublicOutcome, of request: PublicRequest, head: HTTPRequestHead, body: [UInt8])
        -> Answer
    {
        switch outcome {
        case .success(let response):
            afterSuccess(of: request.endpoint)
            return .now(.success(response))
        case .failure(let error):
            guard mayWaitForLock(error, endpoint: request.endpoint), let storeID = request.endpoint.storeID else {
                return .now(.error(error))
            }
            let parked = coordinator.lockWaits.park(storeID: storeID, lockedAnswer: .error(error)) {
                let outcome = self.host.replica.handle(request, at: SystemClock.now())
                if case .failure(let error) = outcome, error == .storeLocked { return nil }
                defer { self.coordinator.pumpReplication() }
                return self.settle(outcome, of: request, head: head, body: body).future(on: self.host.eventLoop)
            }
            return .later(parked)
        case .forward(let leaderAddress):
            return .later(coordinator.forward(head: head, body: body, to: leaderAddress))
        case .wait(let wait):
            let replica = host.replica
            return .later(
                coordinator.watches.park(wait) { knownVersion in
                    replica.recheckWatch(request, knownVersion: knownVersion, at: SystemClock.now())
                })
        }
    }

    private func mayWaitForLock(_ error: APIError, endpoint: PublicEndpoint) -> Bool {
        error == .storeLocked && coordinator.lockWaits.isEnabled && endpoint.storeID != nil
    }

    /// After a successful request: one that may have released a store's modify lock wakes the
    /// requests waiting for it; one that changed a store answers its watches.
    private func afterSuccess(of endpoint: PublicEndpoint) {
        switch endpoint {
        case .completeModify(let storeID), .delete(let storeID):
            coordinator.lockWaits.lockMayBeFree(storeID: storeID)
            coordinator.watches.storeChanged(storeID)
        case .cancelModify(let storeID):
            coordinator.lockWaits.lockMayBeFree(storeID: storeID)
        case .update(let storeID), .increment(let storeID), .decrement(let storeID):
            coordinator.watches.storeChanged(storeID)
        case .deleteByName:
            coordinator.watches.everythingChanged()  // its store is gone, and its ID is not at hand
        case .create, .createByName, .lookupIDByName, .snapshot, .beginModify, .watch:
            break
        }
    }

    /// Places an answer in the connection's order and writes whatever is ready.
    private func enqueue(
        _ answer: Answer, route: Route, started: MonotonicTime, keepAlive: Bool, omitBody: Bool,
        afterWrite: (() -> Void)?, context: ChannelHandlerContext
    ) {
        let metrics = self.metrics
        let allocator = context.channel.allocator
        let answer = heldForDurability(answer, route: route)
        // Nothing pending and nothing to run after the write (peer messages, mostly): write
        // at once, without a slot.
        if case .now(let response) = answer, waitingAnswers.isEmpty, afterWrite == nil {
            metrics.recordRequest(
                endpoint: route.metricName, status: response.status, duration: SystemClock.monotonicNow() - started)
            let staysOpen = keepAlive && !response.closeConnection
            write(
                HTTPResponseWriter.render(response, keepAlive: staysOpen, omitBody: omitBody, allocator: allocator),
                close: !staysOpen, context: context)
            return
        }
        let slot = AnswerSlot()
        slot.afterWrite = afterWrite
        func fill(_ response: WireResponse) {
            metrics.recordRequest(
                endpoint: route.metricName, status: response.status, duration: SystemClock.monotonicNow() - started)
            let staysOpen = keepAlive && !response.closeConnection
            slot.bytes = HTTPResponseWriter.render(
                response, keepAlive: staysOpen, omitBody: omitBody, allocator: allocator)
            slot.closeAfter = !staysOpen
        }
        waitingAnswers.append(slot)
        switch answer {
        case .now(let response):
            fill(response)
            flushReadyAnswers(context: context)
        case .later(let future):
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            future.whenSuccess { response in
                fill(response)
                let (handler, context) = bound.value
                handler.flushReadyAnswers(context: context)
            }
        }
    }

    /// With `--data-dir`, an answer to a public request goes out only once every change made so
    /// far is written to the log (synced, with `--fsync=always`); checked when the answer is
    /// ready, so after its own change.
    private func heldForDurability(_ answer: Answer, route: Route) -> Answer {
        guard case .publicAPI = route, let persistence = coordinator.persistence, persistence.holdsAcknowledgements
        else { return answer }
        switch answer {
        case .now(let response):
            guard let barrier = persistence.acknowledgementBarrier() else { return answer }
            return .later(barrier.map { _ in response })
        case .later(let future):
            return .later(
                future.flatMap { response in
                    persistence.acknowledgementBarrier()?.map { _ in response }
                        ?? future.eventLoop.makeSucceededFuture(response)
                })
        }
    }

    private func flushReadyAnswers(context: ChannelHandlerContext) {
        while let first = waitingAnswers.first, let bytes = first.bytes {
            waitingAnswers.removeFirst()
            guard !isClosing else { continue }
            if first.afterWrite != nil {
                let afterWrite = first.afterWrite
                let channel = context.channel
                let close = first.closeAfter
                if close { isClosing = true }
                if !context.channel.isWritable { connection.waitingForWrite() }
                context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in
                    afterWrite?()
                    if close { channel.close(promise: nil) }
                }
            } else {
                write(bytes, close: first.closeAfter, context: context)
            }
        }
    }

    private func write(_ bytes: ByteBuffer, close: Bool, context: ChannelHandlerContext) {
        guard !isClosing else { return }
        if close {
            isClosing = true
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in channel.close(promise: nil) }
        } else if isInsideReadBurst {
            context.write(wrapOutboundOut(bytes), promise: nil)
            hasUnflushedAnswers = true
            if !context.channel.isWritable { connection.waitingForWrite() }
        } else {
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            if !context.channel.isWritable { connection.waitingForWrite() }
        }
    }

    /// The public request, with every header the contract reads taken in one pass.
    private func publicRequest(_ endpoint: PublicEndpoint, head: HTTPRequestHead, bodyTooLarge: Bool) -> PublicRequest {
        var request = PublicRequest(
            endpoint: endpoint, customerID: nil, body: bodyTooLarge ? .tooLarge : .complete(body))
        for (name, value) in head.headers {
            switch name.utf8.count {
            case 13 where request.customerID == nil && name.equalsIgnoringASCIICase("x-customer-id"):
                request.customerID = value
            case 24 where request.notValidAfter == nil && name.equalsIgnoringASCIICase("bigbunny-not-valid-after"):
                request.notValidAfter = value
            case 16 where request.lockID == nil && name.equalsIgnoringASCIICase("bigbunny-lock-id"):
                request.lockID = value
            case 24 where request.reuseIfExists == nil && name.equalsIgnoringASCIICase("bigbunny-reuse-if-exists"):
                request.reuseIfExists = value
            case 12 where request.contentType == nil && name.equalsIgnoringASCIICase("content-type"):
                request.contentType = value
            case 22 where name.equalsIgnoringASCIICase("bigbunny-known-version"):
                request.knownVersion = value
            case 22 where name.equalsIgnoringASCIICase("bigbunny-watch-timeout"):
                request.watchTimeout = value
            case 15 where name.equalsIgnoringASCIICase("x-bb-no-forward"):
                request.noForward = request.noForward || value == "true"
            default:
                break
            }
        }
        return request
    }

    private func respond(
        to head: HTTPRequestHead, bodyTooLarge: Bool, afterWrite: inout (() -> Void)?
    ) -> Answer {
        if let refusal = authorize(head) { return .now(refusal) }
        switch route {
        case .publicAPI(let endpoint):
            let request = publicRequest(endpoint, head: head, bodyTooLarge: bodyTooLarge)
            let answer = settle(
                host.replica.handle(request, at: SystemClock.now()), of: request, head: head, body: body)
            if case .later(let future) = answer { noteDeferredExecution(future) }
            return answer
        case .peer(let endpoint):
            return respondToPeer(endpoint, head: head, bodyTooLarge: bodyTooLarge, afterWrite: &afterWrite)
        default:
            return .now(respondLocally(to: head))
        }
    }

    private func respondToPeer(
        _ endpoint: InternalEndpoint, head: HTTPRequestHead, bodyTooLarge: Bool, afterWrite: inout (() -> Void)?
    ) -> Answer {
        if bodyTooLarge { return .now(.error(.bodyTooLarge)) }
        let now = SystemClock.now()
        switch endpoint {
        case .heartbeat:
            guard let heartbeat = try? HeartbeatCodec.decode(body) else {
                return .now(.error(APIError(status: 400, code: nil, message: "invalid heartbeat")))
            }
            let (result, directives) = host.replica.onHeartbeat(heartbeat, at: now)
            coordinator.execute(directives)
            switch result {
            case .success(let acknowledgement):
                var answer = WireResponse.json(HeartbeatAcknowledgementCodec.encode(acknowledgement))
                answer.headers.append((ReplicationBatchCodec.featuresHeader, ReplicationBatchCodec.offeredFeatures))
                return .now(answer)
            case .failure(let error): return .now(.error(error))
            }
        case .replicate:
            do {
                let message = try StoreReplicationCodec.decode(body)
                let result = host.replica.onReplicationMessage(.store(message), at: now)
                coordinator.watches.storeChanged(message.storeID)
                return .now(Self.emptyOrError(result))
            } catch {
                return .now(Self.undecodable(error))
            }
        case .replicateRegistry:
            do {
                let message = try RegistryReplicationCodec.decode(body)
                return .now(Self.emptyOrError(host.replica.onReplicationMessage(.registry(message), at: now)))
            } catch {
                return .now(Self.undecodable(error))
            }
        case .replicateBatch:
            return .now(applyReplicationBatch(at: now))
        case .replicateBinary:
            return .now(applyBinaryReplicationBatch(at: now))
        case .joinSnapshot:
            switch host.replica.beginJoinSnapshot(at: now) {
            case .snapshot(let snapshot):
                let replica = host.replica
                afterWrite = { replica.endJoinSnapshot() }
                return .now(.json(JoinSnapshotCodec.encode(snapshot)))
            case .forward(let leaderAddress):
                return .later(coordinator.forward(head: head, body: body, to: leaderAddress))
            case .refused(let error):
                return .now(.error(error))
            }
        case .registryReserve, .registryCommit, .registryAbort, .registryDelete:
            return .now(respondToRegistryRPC(endpoint, at: now))
        case .registryLookup:
            let query = Self.queryParameters(head.uri)
            switch host.replica.registryLookup(customerID: query["customer_id"] ?? "", name: query["name"] ?? "") {
            case .success(let lookup): return .now(.json(RegistryRPCCodec.encode(lookup)))
            case .failure(let error): return .now(.error(error))
            }
        }
    }

    private func respondToRegistryRPC(_ endpoint: InternalEndpoint, at now: Moment) -> WireResponse {
        guard let request = RegistryRPCCodec.decodeRequest(body) else {
            return .error(APIError(status: 400, code: nil, message: "invalid request"))
        }
        let replica = host.replica
        switch endpoint {
        case .registryReserve:
            switch replica.registryReserve(customerID: request.customerID, name: request.name, at: now) {
            case .success(let reserved): return .json(RegistryRPCCodec.encode(reserved))
            case .failure(let error): return .error(error)
            }
        case .registryCommit:
            switch replica.registryCommit(
                customerID: request.customerID, name: request.name, reservationID: request.reservationID,
                storeID: request.storeID, expiresAt: request.expiresAt, at: now)
            {
            case .success(let committed): return .json(RegistryRPCCodec.encode(committed))
            case .failure(let error): return .error(error)
            }
        case .registryAbort:
            return Self.emptyOrError(
                replica.registryAbort(
                    customerID: request.customerID, name: request.name, reservationID: request.reservationID, at: now))
        default:
            return Self.emptyOrError(
                replica.registryDelete(customerID: request.customerID, name: request.name, at: now))
        }
    }

    /// `?a=b&c=d`, percent-decoded (`+` as space, as form encoding does).
    ///
    /// A pair splits at its first `=` keeping empty sides, so `=x` is the empty key and `=`
    /// too (as Go's `url.ParseQuery` reads them). Dropping empty sides made `?=` a pair with
    /// no parts at all, and reading its key trapped: one request stopped the daemon.
    static func queryParameters(_ uri: String) -> [String: String] {
        guard let mark = uri.firstIndex(of: "?") else { return [:] }
        var parameters: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = PercentDecoding.decode(parts[0]) else { continue }
            let raw = parts.count > 1 ? String(parts[1].map { $0 == "+" ? " " : $0 }) : ""
            parameters[key] = PercentDecoding.decode(Substring(raw)) ?? ""
        }
        return parameters
    }

    /// Applies a batch line by line, in order, stopping at the first message that cannot be
    /// decoded or applied (`ReplicationBatchCodec`).
    private func applyReplicationBatch(at now: Moment) -> WireResponse {
        let body = self.body
        let lines = ReplicationBatchCodec.lines(of: body)
        var index = 0
        return applyBatch(at: now) { () throws(PeerMessageDecodingError) -> ReplicationMessage? in
            guard index < lines.count else { return nil }
            defer { index += 1 }
            return try ReplicationBatchCodec.decodeLine(body[lines[index]])
        }
    }

    /// The same for a binary batch (`ReplicationBinaryBatchCodec`).
    private func applyBinaryReplicationBatch(at now: Moment) -> WireResponse {
        var reader = ReplicationBinaryBatchCodec.Reader(body)
        return applyBatch(at: now) { () throws(PeerMessageDecodingError) in try reader.next() }
    }

    /// Decodes and applies one message at a time, so a bad one stops the batch where it is,
    /// after the ones before it; the answer names how many were applied.
    private func applyBatch(
        at now: Moment, next: () throws(PeerMessageDecodingError) -> ReplicationMessage?
    ) -> WireResponse {
        var applied = 0
        while true {
            let message: ReplicationMessage
            do {
                guard let decoded = try next() else { return WireResponse(status: 200) }
                message = decoded
            } catch {
                return Self.batchFailure(Self.undecodable(error), applied: applied)
            }
            let result = host.replica.onReplicationMessage(message, at: now)
            if case .store(let store) = message { coordinator.watches.storeChanged(store.storeID) }
            switch result {
            case .success: applied += 1
            case .failure(let error): return Self.batchFailure(.error(error), applied: applied)
            }
        }
    }

    private static func batchFailure(_ failure: WireResponse, applied: Int) -> WireResponse {
        var answer = failure
        answer.headers.append((ReplicationBatchCodec.appliedHeader, String(applied)))
        return answer
    }

    private static func emptyOrError(_ result: Result<Void, APIError>) -> WireResponse {
        switch result {
        case .success: return WireResponse(status: 200)
        case .failure(let error): return .error(error)
        }
    }

    private static func undecodable(_ error: PeerMessageDecodingError) -> WireResponse {
        if case .unknownMessageType = error { return .error(.internalError(error.description)) }
        return .error(APIError(status: 400, code: nil, message: "invalid message"))
    }

    private func respondLocally(to head: HTTPRequestHead) -> WireResponse {
        switch route {
        case .status:
            return .json(StatusEncoder.encode(host.replica.status(at: SystemClock.now())))
        case .metrics:
            guard case .unixSocket = listener else { return .notFound }
            return WireResponse(
                status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                body: metrics.render(
                    status: host.replica.status(at: SystemClock.now()), parkedWatches: coordinator.watches.count))
        case .promote:
            switch host.replica.operatorPromote(at: SystemClock.now()) {
            case .success: return .text("promoted")
            case .failure(let error): return .error(error)
            }
        case .releaseLock(let storeID):
            guard host.replica.operatorReleaseLock(storeID: storeID) else { return .error(.storeNotFound) }
            coordinator.lockWaits.lockMayBeFree(storeID: storeID)
            return .text("lock released")
        case .peer, .publicAPI:
            return .notFound
        case .methodNotAllowed(let allow):
            return .methodNotAllowed(allow: allow)
        case .notFound:
            return .notFound
        }
    }

    /// The TCP listener's rules: the token guards `/internal/*` and the public API; operator
    /// routes do not exist there.
    private func authorize(_ head: HTTPRequestHead) -> WireResponse? {
        guard case .tcp(let token) = listener else { return nil }
        switch route {
        case .status, .metrics, .notFound, .methodNotAllowed:
            return nil
        case .promote, .releaseLock:
            return Self.tokenMatches(head, token) && !token.isEmpty ? .notFound : .unauthorizedPeer
        case .publicAPI, .peer:
            return Self.tokenMatches(head, token) ? nil : .unauthorizedPeer
        }
    }

    /// Compares the presented token in constant time. An empty configured token (dev mode
    /// only) admits everything, as the reference does for `/internal/*`.
    static func tokenMatches(_ head: HTTPRequestHead, _ token: String) -> Bool {
        guard !token.isEmpty else { return true }
        guard let presented = head.headers.first(name: "x-internal-token") else { return false }
        return ConstantTime.equals(Array(presented.utf8), Array(token.utf8))
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, case .writing = connection.phase {
            connection.requestComplete()
        }
        context.fireChannelWritabilityChanged()
    }

    private static func method(_ method: HTTPMethod) -> RequestMethod {
        switch method {
        case .GET: return .get
        case .HEAD: return .head
        case .POST: return .post
        default: return .other
        }
    }

    /// Internal replication and heartbeat bodies may be up to 4096 bytes; everything else 2048.
    private static func bodyLimit(for route: Route) -> Int {
        switch route {
        case .peer(.heartbeat), .peer(.replicate), .peer(.replicateRegistry): return 4096
        case .peer(.replicateBatch), .peer(.replicateBinary): return ReplicationBatchCodec.maximumBodyBytes
        default: return PublicRequest.maximumBodyBytes
        }
    }
}

extension WireResponse {
    static let unauthorizedPeer = WireResponse.error(
        APIError(status: 401, code: .unauthorized, message: "unauthorized"))
}

extension TrackedConnection {
    var isIdle: Bool {
        if case .idle = phase { return true }
        return false
    }
}

/// Comparison whose time does not depend on where the inputs differ.
extension Route {
    /// The `endpoint` label of the request metrics.
    var metricName: String {
        switch self {
        case .publicAPI(let endpoint): return endpoint.name
        case .status: return "status"
        case .metrics: return "metrics"
        case .promote: return "promote"
        case .releaseLock: return "release-lock"
        case .peer(let endpoint): return endpoint.metricName
        case .methodNotAllowed: return "method-not-allowed"
        case .notFound: return "unknown"
        }
    }
}

extension InternalEndpoint {
    /// The `endpoint` label of the request metrics: literal names, since interpolating the
    /// case (`"\(endpoint)"`) goes through reflection on every request.
    var metricName: String {
        switch self {
        case .heartbeat: return "internal-heartbeat"
        case .replicate: return "internal-replicate"
        case .replicateRegistry: return "internal-replicateRegistry"
        case .replicateBatch: return "internal-replicateBatch"
        case .replicateBinary: return "internal-replicateBinary"
        case .joinSnapshot: return "internal-joinSnapshot"
        case .registryReserve: return "internal-registryReserve"
        case .registryCommit: return "internal-registryCommit"
        case .registryAbort: return "internal-registryAbort"
        case .registryLookup: return "internal-registryLookup"
        case .registryDelete: return "internal-registryDelete"
        }
    }
}

extension String {
    /// Compares with a lowercase ASCII `other` without allocating.
    func equalsIgnoringASCIICase(_ other: StaticString) -> Bool {
        let bytes = utf8
        guard bytes.count == other.utf8CodeUnitCount else { return false }
        var index = 0
        for byte in bytes {
            let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if folded != other.utf8Start[index] { return false }
            index += 1
        }
        return true
    }
}
