import BunnyCore
import BunnyWire
import Logging
import NIOCore
import NIOHTTP1

/// Carries out the replica's cluster directives with real I/O: heartbeats every 200 ms, the
/// 100 ms lease check, the ordered replication stream (pipelined, batched when the peer offers
/// it, retried in order), discovery probes, join-snapshot fetches, and forwarding of writes to the leader.
///
/// Confined to the replica's event loop (hence `@unchecked Sendable`): every method runs
/// there, so it reads and drives the replica directly.
final class ClusterCoordinator: @unchecked Sendable {
    let host: ReplicaHost
    let configuration: DaemonConfiguration
    let logger: Logger
    let metrics: DaemonMetrics
    /// Requests waiting for a store's modify lock (`--lock-wait`).
    let lockWaits: LockWaitQueue
    /// Parked watches (`POST /api/v1/watch/{id}`).
    let watches: WatchRegistry

    /// Separate clients per purpose, so a slow join or a backlog of replication never delays a
    /// heartbeat.
    private var heartbeatClients: [String: PeerClient] = [:]
    private var controlClients: [String: PeerClient] = [:]
    private var forwardingClients: [String: PeerClient] = [:]
    private var heartbeatsInFlight: Set<String> = []
    private var replicationPipeline: ReplicationPipeline?
    /// Messages sent and not yet answered (sequence, enqueue time for the lag metric), oldest
    /// first. A request covers every message up to its tag (its last message's sequence).
    private var replicationInFlight = CircularBuffer<(sequence: UInt64, enqueuedAt: WallTime)>()
    /// Requests sent and not yet answered (each covers one or more of `replicationInFlight`).
    private var replicationRequestsInFlight = 0
    /// Peers (host IDs) whose last heartbeat answer offered the batch channel, and those
    /// that offered its binary form too.
    private var peersOfferingBatches: Set<String> = []
    private var peersOfferingBinary: Set<String> = []
    /// Writes waiting for the replication backlog to drain (`Replica.shouldHoldWrites`), oldest
    /// first, each with the time it goes on regardless.
    private var heldWrites: [(promise: EventLoopPromise<Void>, deadline: NIODeadline)] = []
    private var heldWritesCheck: Scheduled<Void>?
    private var lastSentSequence: UInt64?
    /// After a failure nothing new is sent until every answer is in; then sending starts
    /// again from the head of the stream.
    private var isReplicationDraining = false
    private var isReplicationRetryScheduled = false
    private var timers: [RepeatedTask] = []
    /// Set by `stop()`: the daemon is exiting and no replication pipeline may be made again.
    private var isStopped = false
    /// `--data-dir`: told after every request and cluster event that changes may be pending.
    var persistence: PersistenceController?

    static let internalRequestTimeout: Duration = .seconds(5)
    /// Heartbeats give up sooner than other requests: a heartbeat stuck behind a blackholed
    /// connection must not delay the next ones for 5 s once the link heals.
    static let heartbeatTimeout: Duration = .seconds(1)
    static let probeTimeout: Duration = .seconds(1)
    static let replicationRetryDelay: Duration = .milliseconds(50)
    /// The longest a write waits for the replication backlog; then it runs anyway.
    static let maximumWriteHold: Duration = .milliseconds(500)
    private static let allocator = ByteBufferAllocator()

    init(host: ReplicaHost, configuration: DaemonConfiguration, logger: Logger, metrics: DaemonMetrics) {
        self.host = host
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        lockWaits = LockWaitQueue(eventLoop: host.eventLoop, maximumWait: configuration.lockWait, metrics: metrics)
        watches = WatchRegistry(eventLoop: host.eventLoop, metrics: metrics)
    }

    private var replica: Replica { host.replica }
    private var eventLoop: any EventLoop { host.eventLoop }

    func start() {
        execute(replica.start(at: SystemClock.now()))
        guard replica.hasPeers else { return }
        let heartbeat = TimeAmount.nanoseconds(configuration.replica.heartbeatInterval.nanoseconds)
        let lease = TimeAmount.nanoseconds(configuration.replica.leaseCheckInterval.nanoseconds)
        timers.append(
            eventLoop.scheduleRepeatedTask(initialDelay: heartbeat, delay: heartbeat) { _ in self.sendHeartbeats() })
        timers.append(
            eventLoop.scheduleRepeatedTask(initialDelay: lease, delay: lease) { _ in
                self.execute(self.replica.leaseTick(at: SystemClock.now()))
            })
    }

    /// Cancels the timers and closes every peer connection. It also lets go of the clients and
    /// the replication pipeline: the pipeline's result handler holds this coordinator, so
    /// keeping it would keep the coordinator, the replica and all its stores alive in a cycle
    /// after the daemon stopped (LeakSanitizer reported it at every shutdown of a pair).
    ///
    /// A pump can still be pending when this runs: `pumpReplication()` defers its work to a
    /// task queued behind whatever runs now, and a lease tick or heartbeat answer that ran on
    /// the loop just before `stop()` leaves one. Run after `stop()`, it would make a new
    /// pipeline and close the same cycle again (LeakSanitizer: the replica, its stores and the
    /// replication queue, now and then after SIGTERM), so a stopped coordinator never pumps.
    func stop() {
        isStopped = true
        for timer in timers { timer.cancel() }
        timers.removeAll()
        for client in [heartbeatClients, controlClients, forwardingClients].flatMap(\.values) {
            client.closeAll()
        }
        heartbeatClients.removeAll()
        controlClients.removeAll()
        forwardingClients.removeAll()
        replicationPipeline?.close()
        releaseHeldWrites(all: true)
        lockWaits.releaseAll()
        watches.releaseAll()
        replicationPipeline = nil
    }

    func execute(_ directives: [ClusterDirective]) {
        for directive in directives {
            switch directive {
            case .probePeers(let peers): probe(peers)
            case .fetchJoinSnapshot(let peer): fetchJoinSnapshot(from: peer)
            case .sendHeartbeatsNow: sendHeartbeats()
            case .roleChanged(let change):
                metrics.recordRoleChange()
                logger.notice(
                    "role change",
                    metadata: [
                        "from": "\(change.from.rawValue)", "to": "\(change.to.rawValue)", "epoch": "\(change.epoch)",
                        "reason": "\(change.reason)",
                    ])
            }
        }
        pumpReplication()
    }

    // MARK: - Heartbeats

    private func sendHeartbeats() {
        guard let tick = replica.heartbeatTick(at: SystemClock.now()) else { return }
        if !tick.directives.isEmpty { execute(tick.directives) }
        let body = ByteBuffer(bytes: HeartbeatCodec.encode(tick.heartbeat))
        for peer in configuration.replica.peers where !heartbeatsInFlight.contains(peer.hostID) {
            heartbeatsInFlight.insert(peer.hostID)
            client(for: peer, in: &heartbeatClients)
                .send(
                    method: .POST, path: "/internal/heartbeat", headers: jsonHeaders(), body: body,
                    timeout: Self.heartbeatTimeout
                )
                .whenComplete { result in
                    self.heartbeatsInFlight.remove(peer.hostID)
                    if case .success(let response) = result, response.status == 200 {
                        self.notePeerFeatures(response, of: peer)
                    }
                    guard case .success(let response) = result, response.status == 200,
                        let acknowledgement = try? HeartbeatAcknowledgementCodec.decode(response.body.readableBytesView)
                    else { return }
                    self.execute(
                        self.replica.onHeartbeatAcknowledged(acknowledgement, from: peer, at: SystemClock.now()))
                }
        }
    }

    // MARK: - Replication

    private var isPumpScheduled = false

    /// Keeps up to the pipeline's window of replication messages in flight. Called after
    /// every request and every answer; the work runs once at the end of the event-loop tick,
    /// so the messages of every request read in one tick leave in one write.
    func pumpReplication() {
        persistence?.changesMayBePending()
        guard !isPumpScheduled else { return }
        isPumpScheduled = true
        eventLoop.execute {
            self.isPumpScheduled = false
            self.pumpReplicationNow()
        }
    }

    private func pumpReplicationNow() {
        guard !isStopped else { return }
        guard replica.role == .primary, let peer = configuration.replica.peers.first else {
            if !replicationInFlight.isEmpty || lastSentSequence != nil { resetReplicationPipeline() }
            return
        }
        guard !isReplicationRetryScheduled else { return }
        if isReplicationDraining {
            guard replicationInFlight.isEmpty else { return }
            isReplicationDraining = false
            lastSentSequence = nil
        }
        let pipeline: ReplicationPipeline
        if let existing = replicationPipeline, existing.address == peer.address {
            pipeline = existing
        } else {
            replicationPipeline?.close()
            pipeline = ReplicationPipeline(address: peer.address, eventLoop: eventLoop) { tag, result in
                self.replicationAnswered(tag: tag, result)
            }
            replicationPipeline = pipeline
        }
        let room = pipeline.window - replicationInFlight.count
        guard room > 0 else { return }
        let batching = peersOfferingBatches.contains(peer.hostID)
        // With batches, at most `replicationRequestLimit` requests are out at once: what is
        // written meanwhile waits for an answer and leaves in the next, fuller batch. Fewer,
        // larger requests wake the peer less often (see `DaemonConfiguration`).
        let requestRoom =
            batching && configuration.replicationRequestLimit > 0
            ? configuration.replicationRequestLimit - replicationRequestsInFlight : Int.max
        guard requestRoom > 0 else { return }
        let batchLimit = batching ? configuration.replicationBatchLimit : 1
        let messageLimit = requestRoom == .max ? room : min(room, requestRoom * batchLimit)
        let binary = batching && configuration.replicationUsesBinary && peersOfferingBinary.contains(peer.hostID)
        let queued = replica.replication(after: lastSentSequence, limit: messageLimit)
        var start = 0
        var requests = 0
        while start < queued.count, requests < requestRoom {
            let end = min(start + max(batchLimit, 1), queued.count)
            start += send(queued[start..<end], on: pipeline, binary: binary)
            requests += 1
        }
        pipeline.flush()
    }

    /// A batch stops taking messages once its body reaches this size, far below the 1 MiB a
    /// receiver accepts (`ReplicationBatchCodec.maximumBodyBytes`) whatever the batch limit,
    /// since one message is at most 4 KiB.
    static let batchBodyTarget = 256 * 1024

    /// Sends one request: the message alone on the reference's endpoint, or the leading
    /// messages up to `batchBodyTarget` bytes on a batch endpoint (`replicate-binary` when
    /// `binary`, else `replicate-batch`). Its tag is the last message sent; returns how many
    /// messages it carries.
    private func send(
        _ messages: ArraySlice<QueuedReplication>, on pipeline: ReplicationPipeline, binary: Bool
    ) -> Int {
        guard let first = messages.first else { return 0 }
        let path: String
        var body: [UInt8]
        var contentType = "application/json"
        var sent = 1
        if messages.count == 1 {
            switch first.message {
            case .store(let message):
                path = "/internal/replicate"
                body = StoreReplicationCodec.encode(message)
            case .registry(let message):
                path = "/internal/replicate-registry"
                body = RegistryReplicationCodec.encode(message)
            }
        } else {
            let append: (ReplicationMessage, inout [UInt8]) -> Void
            if binary {
                path = ReplicationBinaryBatchCodec.path
                contentType = ReplicationBinaryBatchCodec.contentType
                body = ReplicationBinaryBatchCodec.emptyBody(
                    reservingCapacity: min(messages.count * 200, Self.batchBodyTarget))
                append = ReplicationBinaryBatchCodec.append(_:to:)
            } else {
                path = ReplicationBatchCodec.path
                body = []
                body.reserveCapacity(min(messages.count * 400, Self.batchBodyTarget))
                append = ReplicationBatchCodec.append(_:to:)
            }
            sent = 0
            for queued in messages {
                if body.count >= Self.batchBodyTarget { break }
                append(queued.message, &body)
                sent += 1
            }
        }
        let carried = messages.prefix(sent)
        let last = carried.last!
        for queued in carried {
            replicationInFlight.append((queued.sequence, queued.message.enqueuedAt))
        }
        lastSentSequence = last.sequence
        replicationRequestsInFlight += 1
        let request = PeerRequestWriter.renderPost(
            path: path, host: pipeline.address, internalToken: configuration.internalToken, contentType: contentType,
            body: body, allocator: Self.allocator)
        pipeline.send(request, tag: last.sequence, timeout: Self.internalRequestTimeout)
        return sent
    }

    /// The outcome of one replication request (answers arrive in send order). Every message
    /// it carried leaves the in-flight list; those the peer applied are delivered, the first
    /// one it did not apply gets the failure, and a failure starts the drain-and-retry.
    private func replicationAnswered(tag: UInt64, _ result: Result<PeerResponse, PeerRequestError>) {
        var covered: [(sequence: UInt64, enqueuedAt: WallTime)] = []
        while let oldest = replicationInFlight.first, oldest.sequence <= tag {
            covered.append(replicationInFlight.removeFirst())
        }
        guard !covered.isEmpty else { return }
        replicationRequestsInFlight = max(0, replicationRequestsInFlight - 1)
        let applied: Int
        let failure: ReplicationDeliveryResult?
        switch result {
        case .success(let response) where response.status == 200:
            applied = covered.count
            failure = nil
        case .success(let response):
            let reported = response.headers.first(name: ReplicationBatchCodec.appliedHeader).flatMap { Int($0) } ?? 0
            applied = min(max(reported, 0), covered.count - 1)
            let text = String(buffer: response.body).trimmingWhitespace
            failure = response.status == 400 ? .rejected(reason: text) : .failed(reason: "\(response.status) \(text)")
            if response.status == 404, covered.count > 1 {
                // The peer does not know the batch endpoint after all (replaced by another
                // binary since its last heartbeat answer): one message per request from now on.
                peersOfferingBatches.removeAll()
                peersOfferingBinary.removeAll()
            }
        case .failure(let error):
            applied = 0
            failure = .failed(reason: "\(error)")
        }
        let now = SystemClock.now()
        var directives: [ClusterDirective] = []
        for message in covered.prefix(applied) {
            metrics.recordReplication(.delivered, lag: now.wall - message.enqueuedAt)
            directives += replica.onReplicationResult(sequence: message.sequence, .delivered, at: now)
        }
        if !heldWrites.isEmpty, replica.mayReleaseHeldWrites { releaseHeldWrites(all: true) }
        if let failure {
            let failed = covered[applied]
            metrics.recordReplication(failure, lag: now.wall - failed.enqueuedAt)
            directives += replica.onReplicationResult(sequence: failed.sequence, failure, at: now)
            if !isReplicationDraining {
                isReplicationDraining = true
                scheduleReplicationRetry()
            }
        }
        execute(directives)
    }

    // MARK: - Back-pressure

    /// A future to run a write after, when the replication backlog asks writes to wait
    /// (`Replica.shouldHoldWrites`); nil when the write may run now. While any write waits,
    /// new ones wait too, so they keep their arrival order. Every wait ends within
    /// `maximumWriteHold`.
    func holdWrite() -> EventLoopFuture<Void>? {
        guard !heldWrites.isEmpty || replica.shouldHoldWrites(at: SystemClock.now()) else { return nil }
        let promise = eventLoop.makePromise(of: Void.self)
        heldWrites.append((promise, .now() + .nanoseconds(Self.maximumWriteHold.nanoseconds)))
        metrics.recordHeldWrite()
        watchHeldWrites()
        return promise.futureResult
    }

    private func releaseHeldWrites(all: Bool) {
        let now = NIODeadline.now()
        let released = all ? heldWrites[...] : heldWrites.prefix { $0.deadline <= now }
        heldWrites.removeFirst(released.count)
        for held in released { held.promise.succeed(()) }
    }

    /// Checks every 10 ms while writes wait: releases them all once the backlog allows it,
    /// and any whose wait bound has passed.
    private func watchHeldWrites() {
        guard heldWritesCheck == nil, !heldWrites.isEmpty else { return }
        heldWritesCheck = eventLoop.scheduleTask(in: .milliseconds(10)) {
            self.heldWritesCheck = nil
            self.releaseHeldWrites(all: self.replica.mayReleaseHeldWrites)
            self.watchHeldWrites()
        }
    }

    /// Remembers whether the peer's heartbeat answer offers the batch channel.
    private func notePeerFeatures(_ response: PeerResponse, of peer: PeerAddress) {
        let features = response.headers.first(name: ReplicationBatchCodec.featuresHeader)
        if ReplicationBatchCodec.isOffered(byFeatures: features) {
            peersOfferingBatches.insert(peer.hostID)
        } else {
            peersOfferingBatches.remove(peer.hostID)
        }
        if ReplicationBinaryBatchCodec.isOffered(byFeatures: features) {
            peersOfferingBinary.insert(peer.hostID)
        } else {
            peersOfferingBinary.remove(peer.hostID)
        }
    }

    /// Forgets what was in flight (a role change); the next pump starts from the head.
    private func resetReplicationPipeline() {
        replicationPipeline?.close()
        replicationPipeline = nil
        replicationInFlight.removeAll()
        replicationRequestsInFlight = 0
        lastSentSequence = nil
        isReplicationDraining = false
    }

    private func scheduleReplicationRetry() {
        isReplicationRetryScheduled = true
        eventLoop.scheduleTask(in: .nanoseconds(Self.replicationRetryDelay.nanoseconds)) {
            self.isReplicationRetryScheduled = false
            self.pumpReplication()
        }
    }

    var isReplicationIdle: Bool {
        (replica.nextReplication == nil && replicationInFlight.isEmpty) || replica.role != .primary
    }

    // MARK: - Discovery and join

    private func probe(_ peers: [PeerAddress]) {
        let futures = peers.map { peer in
            client(for: peer, in: &controlClients)
                .send(method: .GET, path: "/status", timeout: Self.probeTimeout)
                .map { response -> (PeerProbeResult, DurableStanding?) in
                    guard response.status == 200,
                        let object = try? JSONParser.parse(response.body.readableBytesView).objectValue,
                        let role = object["role"]?.stringValue.flatMap(ReplicaRole.init(rawValue:))
                    else { return (.unreachable, nil) }
                    return (.role(role), Self.durableStanding(in: object))
                }
                .recover { _ in (.unreachable, nil) }
                .map { (peer: peer, result: $0.0, standing: $0.1) }
        }
        EventLoopFuture.whenAllSucceed(futures, on: eventLoop).whenSuccess { answers in
            var standings: [String: DurableStanding] = [:]
            for answer in answers { standings[answer.peer.hostID] = answer.standing }
            self.execute(
                self.replica.onDiscovery(
                    answers.map { (peer: $0.peer, result: $0.result) }, peerStandings: standings, at: SystemClock.now())
            )
        }
    }

    private func fetchJoinSnapshot(from peer: PeerAddress) {
        var headers = HTTPHeaders()
        headers.add(name: "X-Internal-Token", value: configuration.internalToken)
        client(for: peer, in: &controlClients)
            .send(
                method: .POST, path: "/internal/join-snapshot", headers: headers,
                timeout: configuration.httpWriteTimeout
            )
            .whenComplete { result in
                let now = SystemClock.now()
                switch result {
                case .success(let response) where response.status == 200:
                    do {
                        let snapshot = try JoinSnapshotCodec.decode(response.body.readableBytesView)
                        self.execute(self.replica.onJoinSnapshot(snapshot, at: now))
                        self.watches.everythingChanged()
                    } catch {
                        self.execute(self.replica.onJoinFailed(reason: "undecodable snapshot: \(error)", at: now))
                    }
                case .success(let response):
                    self.execute(
                        self.replica.onJoinFailed(
                            reason: "\(response.status) \(String(buffer: response.body).trimmingWhitespace)", at: now))
                case .failure(let error):
                    self.execute(self.replica.onJoinFailed(reason: "\(error)", at: now))
                }
            }
    }

    // MARK: - Forwarding

    /// Re-sends a public write to the leader's TCP listener with the token and
    /// `X-BB-No-Forward: true`, and relays its answer verbatim. Failure: `503 LeaderChanged`
    /// with `Retry-After: 1` (DECISIONS 23).
    func forward(head: HTTPRequestHead, body: [UInt8], to leaderAddress: String) -> EventLoopFuture<WireResponse> {
        var headers = head.headers
        headers.remove(name: "connection")
        headers.replaceOrAdd(name: "X-BB-No-Forward", value: "true")
        if !configuration.internalToken.isEmpty {
            headers.replaceOrAdd(name: "X-Internal-Token", value: configuration.internalToken)
        }
        let client = forwardingClients[leaderAddress] ?? PeerClient(address: leaderAddress, eventLoop: eventLoop)
        forwardingClients[leaderAddress] = client
        return client.send(
            method: head.method, path: head.uri, headers: headers, body: ByteBuffer(bytes: body),
            timeout: Self.internalRequestTimeout
        )
        .map { response in
            var relayed = WireResponse(status: response.status, body: Array(buffer: response.body))
            for header in response.headers where !Self.hopByHopHeaders.contains(header.name.lowercased()) {
                relayed.headers.append((header.name, header.value))
            }
            return relayed
        }
        .recover { error in .error(.forwardingFailed("\(error)")) }
    }

    static let hopByHopHeaders: Set<String> = ["connection", "content-length", "transfer-encoding", "keep-alive"]

    // MARK: - Helpers

    private func client(for peer: PeerAddress, in clients: inout [String: PeerClient]) -> PeerClient {
        if let client = clients[peer.hostID], client.address == peer.address { return client }
        let client = PeerClient(address: peer.address, eventLoop: eventLoop, maximumConnections: 2)
        clients[peer.hostID] = client
        return client
    }

    private func jsonHeaders() -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        if !configuration.internalToken.isEmpty {
            headers.add(name: "X-Internal-Token", value: configuration.internalToken)
        }
        return headers
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
