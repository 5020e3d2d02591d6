import BunnyCore
import TestSupport

/// A deterministic pair (or more) of replicas in one process: a virtual clock, an event
/// queue, a faulty network and process faults. It plays the shell's part for every node —
/// timers, heartbeats, discovery probes, join-snapshot fetches and the one-at-a-time
/// replication sender — and carries out each `ClusterDirective` the replicas answer.
///
/// Nothing here sleeps or reads a real clock: `run(for:)` pops events in (time, sequence)
/// order, and everything random comes from the one seed.
final class SimulatedCluster {
    struct Timing {
        /// How long a requester waits for an answer (probes, replication, join snapshots).
        var requestTimeout: Duration = .seconds(1)
        /// Back-off before a failed replication send is retried.
        var replicationRetryBackoff: Duration = .milliseconds(50)
        /// How long the primary keeps the write barrier up while it writes a join snapshot out
        /// (the network then takes the link's delay to deliver it).
        var snapshotWriteTime: Duration = .milliseconds(2)
        /// Run the maintenance sweeps (expiry, names, tombstones) as the shell would.
        var maintenance = true
    }

    /// One entry of the run's narrative.
    struct LogEntry: CustomStringConvertible {
        var time: Duration
        var node: Int?
        var text: String
        var description: String {
            let who = node.map { "node\($0 + 1)" } ?? "sim"
            return "[\(String(format6(time)))] \(who): \(text)"
        }
    }

    struct RoleChangeRecord {
        var time: Duration
        var node: Int
        var change: RoleChange
    }

    /// What a replayed held copy met.
    struct ReplayRecord {
        var time: Duration
        var to: Int
        var summary: String
        var outcome: String
    }

    let seed: UInt64
    var random: SeededGenerator
    var timing: Timing
    var network: SimulatedNetwork
    private(set) var nodes: [SimulatedNode] = []

    /// Virtual nanoseconds since the start of the run.
    private(set) var nowNanoseconds: Int64 = 0
    private var queue = EventQueue()
    private var nextSequence: UInt64 = 0
    private var nextRPC: UInt64 = 1
    private var pendingRPCs: [UInt64: Int] = [:]  // rpc → requester node

    private(set) var log: [LogEntry] = []
    private(set) var roleChanges: [RoleChangeRecord] = []
    private(set) var replays: [ReplayRecord] = []
    /// Broken invariants seen while running (e.g. a store version moving backwards on a
    /// secondary through replication).
    private(set) var violations: [String] = []
    /// The highest version of each store a SECONDARY has acknowledged through replication:
    /// from then on two nodes hold it.
    private(set) var deliveredVersions: [String: UInt64] = [:]
    /// Keep the whole narrative (off in bulk runs; the role changes are always kept).
    var verboseLog = false
    private(set) var processedEvents = 0
    /// Join snapshots handed out by any node.
    private(set) var snapshotsHandedOut = 0

    let baseWall = WallTime(nanosecondsSinceEpoch: 1_767_225_600_000_000_000)  // 2026-01-01T00:00:00Z
    let baseMonotonic = MonotonicTime(nanoseconds: 5_000_000_000)

    init(
        nodeCount: Int = 2, seed: UInt64, timing: Timing = Timing(),
        configure: (inout ReplicaConfiguration) -> Void = { _ in }
    ) {
        self.seed = seed
        self.random = SeededGenerator(seed: seed)
        self.timing = timing
        self.network = SimulatedNetwork(nodeCount: nodeCount)
        let addresses = (0..<nodeCount).map { PeerAddress(hostID: "node\($0 + 1)", address: "node\($0 + 1):9001") }
        for index in 0..<nodeCount {
            var configuration = ReplicaConfiguration()
            configuration.hostID = addresses[index].hostID
            configuration.site = "sim"
            configuration.advertisedAddress = "node\(index + 1):8080"
            configuration.peers = addresses.filter { $0.hostID != addresses[index].hostID }
            configuration.rateLimitPerSecond = 0
            configure(&configuration)
            nodes.append(
                SimulatedNode(
                    index: index, hostID: addresses[index].hostID, address: addresses[index],
                    configuration: configuration))
        }
    }

    // MARK: - Clock

    var now: Duration { .nanoseconds(nowNanoseconds) }

    /// What node `index` reads from its clocks now.
    func moment(of index: Int) -> Moment {
        Moment(wall: baseWall + now + nodes[index].wallClockSkew, monotonic: baseMonotonic + now)
    }

    /// Advances virtual time by `duration`, running every event that falls due.
    func run(for duration: Duration) {
        run(until: nowNanoseconds + duration.nanoseconds)
    }

    /// Runs until `condition` holds (checked after each event) or `limit` passes; answers
    /// whether it held.
    @discardableResult
    func run(until condition: () -> Bool, limit: Duration) -> Bool {
        let end = nowNanoseconds + limit.nanoseconds
        if condition() { return true }
        while let next = queue.nextTime, next <= end {
            step()
            if condition() { return true }
        }
        nowNanoseconds = end
        return condition()
    }

    private func run(until end: Int64) {
        while let next = queue.nextTime, next <= end { step() }
        nowNanoseconds = end
    }

    private func step() {
        guard let event = queue.pop() else { return }
        nowNanoseconds = max(nowNanoseconds, event.time)
        processedEvents += 1
        if let index = event.node {
            let node = nodes[index]
            if let incarnation = event.incarnation, incarnation != node.incarnation { return }
            switch node.state {
            case .killed:
                event.onNodeDown?()
                return
            case .paused:
                node.deferred.append(event)
                return
            case .up:
                event.action()
                pumpReplication(index)
            }
        } else {
            event.action()
        }
    }

    func schedule(
        after delay: Duration, node: Int? = nil, incarnation: Int? = nil, _ label: StaticString,
        onNodeDown: (() -> Void)? = nil, _ action: @escaping () -> Void
    ) {
        nextSequence += 1
        queue.push(
            SimulatedEvent(
                time: nowNanoseconds + max(0, delay.nanoseconds), sequence: nextSequence, node: node,
                incarnation: incarnation, label: label, action: action, onNodeDown: onNodeDown))
    }

    /// An event bound to the node's current process: dropped if it dies, held while paused.
    func scheduleOnNode(_ index: Int, after delay: Duration, _ label: StaticString, _ action: @escaping () -> Void) {
        schedule(after: delay, node: index, incarnation: nodes[index].incarnation, label, action)
    }

    // MARK: - Narrative

    func note(_ node: Int?, _ text: @autoclosure () -> String) {
        if verboseLog { log.append(LogEntry(time: now, node: node, text: text())) }
    }

    func violation(_ text: String) {
        violations.append("[\(format6(now))] \(text)")
    }

    /// Role changes, faults and violations as text, for a failing test's message.
    var narrative: String {
        var lines = roleChanges.map { ($0.time, "node\($0.node + 1): \($0.change)") }
        lines += faultLog.map { ($0.time, "fault: \($0.text)") }
        lines += replays.map { ($0.time, "replay to node\($0.to + 1): \($0.summary) → \($0.outcome)") }
        let ordered = lines.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
        return (ordered.map { "[\(format6($0.element.0))] \($0.element.1)" } + violations).joined(separator: "\n")
    }

    private(set) var faultLog: [(time: Duration, text: String)] = []

    func recordFault(_ text: String) {
        faultLog.append((now, text))
        note(nil, "fault: \(text)")
    }

    // MARK: - Process faults

    /// Starts (or restarts) a node: a fresh replica, `start(at:)`, and its timers.
    func start(_ index: Int) {
        let node = nodes[index]
        precondition(node.state == .killed, "node\(index + 1) is \(node.state)")
        node.boot(seed: random.next())
        if node.startCount > 1 { recordFault("restart node\(index + 1)") }
        let directives = node.replica.start(at: moment(of: index))
        execute(directives, on: index)
        scheduleHeartbeatTimer(index, after: node.configuration.heartbeatInterval)
        scheduleLeaseTimer(index, after: node.configuration.leaseCheckInterval)
        if timing.maintenance {
            for job in MaintenanceJob.allCases { scheduleMaintenance(job, on: index, after: job.period) }
        }
        pumpReplication(index)
    }

    func startAll() {
        for index in nodes.indices { start(index) }
    }

    func kill(_ index: Int) {
        guard nodes[index].state != .killed else { return }
        recordFault("kill node\(index + 1)")
        nodes[index].kill()
    }

    func restart(_ index: Int) {
        kill(index)
        start(index)
    }

    func pause(_ index: Int) {
        guard nodes[index].state == .up else { return }
        recordFault("pause node\(index + 1)")
        nodes[index].state = .paused
    }

    /// Resumes a paused node: everything that came due meanwhile runs now, in order.
    func resume(_ index: Int) {
        let node = nodes[index]
        guard node.state == .paused else { return }
        recordFault("resume node\(index + 1)")
        node.state = .up
        let waiting = node.deferred
        node.deferred.removeAll()
        for event in waiting {
            nextSequence += 1
            event.time = nowNanoseconds
            event.sequence = nextSequence
            queue.push(event)
        }
    }

    /// Operator promote (`bbd promote`) on a node.
    @discardableResult
    func operatorPromote(_ index: Int) -> Result<Void, APIError> {
        recordFault("operator promote node\(index + 1)")
        let before = nodes[index].role
        let result = nodes[index].replica.operatorPromote(at: moment(of: index))
        if case .success = result {
            let node = nodes[index]
            roleChanges.append(
                RoleChangeRecord(
                    time: now, node: index,
                    change: RoleChange(from: before, to: .primary, epoch: node.epoch, reason: "operator promote")))
            sendHeartbeats(index)
        }
        pumpReplication(index)
        return result
    }

    // MARK: - Timers

    private func scheduleHeartbeatTimer(_ index: Int, after delay: Duration) {
        scheduleOnNode(index, after: delay, "heartbeat timer") { [unowned self] in
            sendHeartbeats(index)
            scheduleHeartbeatTimer(index, after: nodes[index].configuration.heartbeatInterval)
        }
    }

    private func scheduleLeaseTimer(_ index: Int, after delay: Duration) {
        scheduleOnNode(index, after: delay, "lease timer") { [unowned self] in
            execute(nodes[index].replica.leaseTick(at: moment(of: index)), on: index)
            scheduleLeaseTimer(index, after: nodes[index].configuration.leaseCheckInterval)
        }
    }

    private func scheduleMaintenance(_ job: MaintenanceJob, on index: Int, after delay: Duration) {
        scheduleOnNode(index, after: delay, "maintenance") { [unowned self] in
            nodes[index].replica.runMaintenance(job, at: moment(of: index))
            scheduleMaintenance(job, on: index, after: job.period)
        }
    }

    // MARK: - Directives

    func execute(_ directives: [ClusterDirective], on index: Int) {
        for directive in directives {
            switch directive {
            case .probePeers(let peers):
                probe(peers, from: index)
            case .fetchJoinSnapshot(let peer):
                fetchJoinSnapshot(from: peer, for: index)
            case .sendHeartbeatsNow:
                sendHeartbeats(index)
            case .roleChanged(let change):
                roleChanges.append(RoleChangeRecord(time: now, node: index, change: change))
                note(index, "\(change)")
            }
        }
    }

    func nodeIndex(of peer: PeerAddress) -> Int {
        nodes.firstIndex { $0.hostID == peer.hostID }!
    }

    // MARK: - Requests over the network

    /// Sends one request from `from` to `to` on `requestClass`; the receiver's `handle` runs
    /// on its arrival and its answer travels back on `responseClass`. Exactly one of
    /// `onResponse` / `onFailure` runs at the requester (failure: timeout or refused), unless
    /// the requester died meanwhile. Duplicated requests are handled twice; the second answer
    /// finds the request completed and is ignored, as a late HTTP response would be.
    func request<Response>(
        from: Int, to: Int, _ requestClass: MessageClass, responseClass: MessageClass, label: @autoclosure () -> String,
        replication: ReplicationMessage? = nil,
        handle: @escaping (SimulatedNode) -> Response?,
        onResponse: @escaping (Response) -> Void,
        onFailure: ((String) -> Void)?
    ) -> UInt64 {
        let rpc = nextRPC
        nextRPC += 1
        pendingRPCs[rpc] = from
        let requesterIncarnation = nodes[from].incarnation
        let complete: (() -> Void) -> Void = { [unowned self] body in
            guard pendingRPCs.removeValue(forKey: rpc) != nil else { return }
            body()
        }
        if let onFailure {
            scheduleOnNode(from, after: timing.requestTimeout, "request timeout") {
                complete { onFailure("timeout") }
            }
        }
        let deliverToReceiver: (SimulatedNode) -> Void = { [unowned self] receiver in
            guard let response = handle(receiver) else { return }
            for delay in network.fate(from: to, to: from, responseClass, using: &random) {
                schedule(after: delay, node: from, incarnation: requesterIncarnation, "answer") {
                    complete { onResponse(response) }
                }
            }
        }
        // A request travels on a connection to the receiver's current process: if that process
        // dies before the request is read, the connection is gone and the request with it — it
        // never reaches a restarted process. (Sent while the receiver is down, it opens a
        // connection to whichever process listens when it arrives.)
        let receiverIncarnation = nodes[to].state == .killed ? nil : nodes[to].incarnation
        let refuse: (String) -> Void = { [unowned self] reason in
            // The requester learns at once (one way back).
            schedule(
                after: network.rule(from: to, to: from, responseClass).delay, node: from,
                incarnation: requesterIncarnation, "refused"
            ) { complete { onFailure?(reason) } }
        }
        let rule = network.rule(from: from, to: to, requestClass)
        if rule.holdCopies {
            let sentEpoch = nodes[from].epoch
            network.held.append(
                HeldMessage(
                    from: from, to: to, messageClass: requestClass, heldAt: now, replication: replication,
                    summary: "\(label()) (sender epoch \(sentEpoch))",
                    deliver: { [unowned self] receiver in
                        if let receiverIncarnation, receiver.incarnation != receiverIncarnation {
                            return "lost: the receiver restarted"
                        }
                        if let replication {
                            return describe(receiver.replica.onReplicationMessage(replication, at: moment(of: to)))
                        }
                        deliverToReceiver(receiver)
                        return "delivered"
                    }))
        }
        for delay in network.fate(from: from, to: to, requestClass, using: &random) {
            schedule(
                after: delay, node: to, "request",
                onNodeDown: { refuse("connection refused") },
                { [unowned self] in
                    if let receiverIncarnation, nodes[to].incarnation != receiverIncarnation {
                        refuse("connection reset")
                    } else {
                        deliverToReceiver(nodes[to])
                    }
                })
        }
        return rpc
    }

    func describe(_ result: Result<Void, APIError>) -> String {
        switch result {
        case .success: return "200"
        case .failure(let error): return "\(error.status) \(error.message)"
        }
    }

    // MARK: - Heartbeats

    func sendHeartbeats(_ index: Int) {
        let node = nodes[index]
        guard node.isUp, let tick = node.replica.heartbeatTick(at: moment(of: index)) else { return }
        execute(tick.directives, on: index)
        for peer in node.configuration.peers {
            let target = nodeIndex(of: peer)
            let heartbeat = tick.heartbeat
            _ = request(
                from: index, to: target, .heartbeat, responseClass: .ack, label: "heartbeat e\(heartbeat.leaderEpoch)",
                handle: { [unowned self] receiver -> HeartbeatAcknowledgement? in
                    let accepted = heartbeat.leaderEpoch >= receiver.epoch
                    let answer = receiver.replica.onHeartbeat(heartbeat, at: moment(of: target))
                    if accepted, case .success = answer.response { receiver.lastAcceptedHeartbeat = now }
                    execute(answer.directives, on: target)
                    if case .success(let acknowledgement) = answer.response { return acknowledgement }
                    return nil
                },
                onResponse: { [unowned self] acknowledgement in
                    let source = nodes[target].address
                    execute(
                        nodes[index].replica.onHeartbeatAcknowledged(
                            acknowledgement, from: source, at: moment(of: index)),
                        on: index)
                },
                onFailure: nil)  // an unanswered heartbeat changes nothing
        }
    }

    // MARK: - Discovery

    private func probe(_ peers: [PeerAddress], from index: Int) {
        var results: [PeerProbeResult?] = Array(repeating: nil, count: peers.count)
        var remaining = peers.count
        let finish: (Int, PeerProbeResult) -> Void = { [unowned self] slot, result in
            results[slot] = result
            remaining -= 1
            guard remaining == 0 else { return }
            let answers = zip(peers, results).map { (peer: $0.0, result: $0.1!) }
            note(index, "discovery: \(answers.map { "\($0.peer.hostID)=\($0.result)" })")
            execute(nodes[index].replica.onDiscovery(answers, at: moment(of: index)), on: index)
        }
        for (slot, peer) in peers.enumerated() {
            _ = request(
                from: index, to: nodeIndex(of: peer), .probe, responseClass: .probe, label: "probe",
                handle: { receiver in PeerProbeResult.role(receiver.role) },
                onResponse: { finish(slot, $0) },
                onFailure: { _ in finish(slot, .unreachable) })
        }
    }

    // MARK: - Join

    private enum JoinAnswer {
        case snapshot(JoinSnapshot)
        case refused(String)
    }

    private func fetchJoinSnapshot(from peer: PeerAddress, for index: Int) {
        let source = nodeIndex(of: peer)
        _ = request(
            from: index, to: source, .join, responseClass: .join, label: "join-snapshot",
            handle: { [unowned self] primary -> JoinAnswer? in
                switch primary.replica.beginJoinSnapshot(at: moment(of: source)) {
                case .snapshot(let snapshot):
                    snapshotsHandedOut += 1
                    // The barrier stays up while the response is written out.
                    scheduleOnNode(source, after: timing.snapshotWriteTime, "end join snapshot") { [unowned self] in
                        nodes[source].replica.endJoinSnapshot()
                    }
                    note(
                        source,
                        "hands out a join snapshot (\(snapshot.stores.count) stores) at epoch \(snapshot.leaderEpoch)")
                    return .snapshot(snapshot)
                case .forward(let leader):
                    return .refused("forward to \(leader)")
                case .refused(let error):
                    return .refused("\(error.status) \(error.message)")
                }
            },
            onResponse: { [unowned self] answer in
                let replica = nodes[index].replica
                switch answer {
                case .snapshot(let snapshot):
                    execute(replica.onJoinSnapshot(snapshot, at: moment(of: index)), on: index)
                case .refused(let reason):
                    execute(replica.onJoinFailed(reason: reason, at: moment(of: index)), on: index)
                }
            },
            onFailure: { [unowned self] reason in
                execute(nodes[index].replica.onJoinFailed(reason: reason, at: moment(of: index)), on: index)
            })
    }

    // MARK: - Replication sender

    /// Sends the head of the node's stream if it is PRIMARY, nothing is in flight and no
    /// back-off is running. Called after every event the node handles.
    func pumpReplication(_ index: Int) {
        let node = nodes[index]
        guard node.isUp, node.role == .primary, node.replicationInFlight == nil,
            let next = node.replica.nextReplication
        else { return }
        if nowNanoseconds < node.replicationRetryAt {
            if !node.replicationRetryScheduled {
                node.replicationRetryScheduled = true
                scheduleOnNode(
                    index, after: .nanoseconds(node.replicationRetryAt - nowNanoseconds), "replication retry"
                ) {
                    [unowned self] in nodes[index].replicationRetryScheduled = false
                }
            }
            return
        }
        guard let peer = node.configuration.peers.first else { return }
        let target = nodeIndex(of: peer)
        let rpc = request(
            from: index, to: target, .replicate, responseClass: .replicate,
            label: "replicate #\(next.sequence) e\(epochOf(next.message))", replication: next.message,
            handle: { [unowned self] receiver -> ReplicationDeliveryResult? in
                applyReplication(next.message, at: receiver)
            },
            onResponse: { [unowned self] result in
                note(index, "replication #\(next.sequence) → \(result)")
                finishReplication(index, sequence: next.sequence, result)
            },
            onFailure: { [unowned self] reason in
                note(index, "replication #\(next.sequence) failed: \(reason)")
                finishReplication(index, sequence: next.sequence, .failed(reason: reason))
            })
        node.replicationInFlight = (rpc, next.sequence)
        note(index, "sends replication #\(next.sequence) \(describe(next.message))")
    }

    private func finishReplication(_ index: Int, sequence: UInt64, _ result: ReplicationDeliveryResult) {
        let node = nodes[index]
        node.replicationInFlight = nil
        if case .failed = result {
            node.replicationRetryAt = nowNanoseconds + timing.replicationRetryBackoff.nanoseconds
        }
        execute(node.replica.onReplicationResult(sequence: sequence, result, at: moment(of: index)), on: index)
    }

    /// The receiver side of `POST /internal/replicate`, with the status mapped as the shell
    /// maps it: 200 delivered, 400 rejected, anything else failed.
    private func applyReplication(_ message: ReplicationMessage, at receiver: SimulatedNode)
        -> ReplicationDeliveryResult
    {
        let storeID: String?
        if case .store(let store) = message { storeID = store.storeID } else { storeID = nil }
        let before = storeID.flatMap { receiver.replica.stores[$0]?.version }
        let roleBefore = receiver.role
        let result = receiver.replica.onReplicationMessage(message, at: moment(of: receiver.index))
        note(receiver.index, "applies \(describe(message)) as \(roleBefore.rawValue): \(describe(result))")
        if let storeID, roleBefore == .secondary, case .success = result,
            let version = receiver.replica.stores[storeID]?.version
        {
            deliveredVersions[storeID] = max(deliveredVersions[storeID] ?? 0, version)
        }
        if let storeID, let before, let after = receiver.replica.stores[storeID]?.version, after < before {
            violation(
                "node\(receiver.index + 1) (\(roleBefore.rawValue)): version of \(storeID) went back \(before) → \(after)"
            )
        }
        switch result {
        case .success: return .delivered
        case .failure(let error) where error.status == 400: return .rejected(reason: error.message)
        case .failure(let error): return .failed(reason: "\(error.status) \(error.message)")
        }
    }

    func describe(_ message: ReplicationMessage) -> String {
        switch message {
        case .store(let store):
            return "\(store.kind) \(store.storeID) v\(store.version) e\(store.leaderEpoch)"
        case .registry(let registry):
            return
                "\(registry.kind) \(registry.name) → \(registry.storeID) v\(registry.version) e\(registry.leaderEpoch)"
        }
    }

    func epochOf(_ message: ReplicationMessage) -> UInt64 {
        switch message {
        case .store(let store): return store.leaderEpoch
        case .registry(let registry): return registry.leaderEpoch
        }
    }

    // MARK: - Held copies

    /// Delivers every held copy again (to whatever process now listens at its destination),
    /// after the normal delay of that link, and records what each met.
    func replayHeld(where include: (HeldMessage) -> Bool = { _ in true }) {
        let replaying = network.held.filter(include)
        network.held.removeAll(where: include)
        for held in replaying {
            let delay = network.rule(from: held.from, to: held.to, held.messageClass).delay
            schedule(after: delay, node: held.to, "replay") { [unowned self] in
                let outcome = held.deliver(nodes[held.to])
                replays.append(ReplayRecord(time: now, to: held.to, summary: held.summary, outcome: outcome))
            }
        }
    }

    // MARK: - Client access

    /// Runs a public request on a node, as a client connected to it would, now.
    func handle(_ request: PublicRequest, on index: Int) -> PublicOutcome {
        precondition(nodes[index].isUp, "node\(index + 1) is \(nodes[index].state)")
        let outcome = nodes[index].replica.handle(request, at: moment(of: index))
        note(index, "client \(request.endpoint) → \(outcome)")
        pumpReplication(index)
        return outcome
    }

    // MARK: - Views

    var primaries: [Int] { nodes.indices.filter { nodes[$0].isUp && nodes[$0].role == .primary } }

    func node(_ hostNumber: Int) -> SimulatedNode { nodes[hostNumber - 1] }

    func status(_ index: Int) -> ReplicaStatus { nodes[index].replica.status(at: moment(of: index)) }
}

func format6(_ duration: Duration) -> String {
    let millis = duration.nanoseconds / 1_000_000
    return "\(millis / 1000).\(String(millis % 1000 + 1000).dropFirst())s"
}
