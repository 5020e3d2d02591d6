import LabCore

@testable import LabCheckers

/// Builds hand-made recordings for checker tests, in seconds, so each test reads like a story:
/// "node1 leads at epoch 1, is killed at 2 s, node2 promotes 4.07 s after the last heartbeat".
/// One pair (`node1`, `node2`); status samples every 50 ms; heartbeats every 200 ms.
struct FixtureBuilder {
    static let sampleIntervalSeconds = 0.05
    static let heartbeatIntervalSeconds = 0.2

    var nodes = [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)]
    var history: [HistoryOperation] = []
    var status: [StatusObservation] = []
    var faults: [FaultObservation] = []
    var journal: [ProxyJournalEntry] = []
    private var nextOperationID = 1
    private var sequenceByLink: [String: Int] = [:]

    static func nanoseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1e9).rounded()) }

    var recording: RunRecording {
        RunRecording(nodes: nodes, history: history, status: status, faults: faults, journal: journal)
    }

    // MARK: status

    /// Samples of `node` in `role` at `epoch` every 50 ms over [from, to). `since`: the instant
    /// it took the lead (a PRIMARY's `last_leader_seen`).
    mutating func role(
        _ node: String, _ role: String, epoch: UInt64, from: Double, to: Double, since: Double? = nil,
        offset: Double = 0
    ) {
        var time = from + offset
        while time < to - 1e-9 {
            let nanoseconds = Self.nanoseconds(time)
            status.append(
                StatusObservation(
                    timeNanoseconds: nanoseconds, node: node, role: role, epoch: epoch,
                    lastLeaderSeenNanoseconds: since.map { nanoseconds - Self.nanoseconds($0) }))
            time += Self.sampleIntervalSeconds
        }
    }

    mutating func unreachable(_ node: String, from: Double, to: Double) {
        var time = from
        while time < to - 1e-9 {
            status.append(
                StatusObservation(
                    timeNanoseconds: Self.nanoseconds(time), node: node, reachable: false, role: "", epoch: 0))
            time += Self.sampleIntervalSeconds
        }
    }

    // MARK: journal

    /// One peer message on `link` (`node1->node2`); `status` nil when no answer came.
    mutating func message(
        _ link: String, _ messageClass: MessageClass, epoch: UInt64?, at seconds: Double, fate: JournalFate = .deliver,
        status: Int? = 200
    ) {
        sequenceByLink[link, default: 0] += 1
        journal.append(
            ProxyJournalEntry(
                timeNanoseconds: Self.nanoseconds(seconds), link: link, sequence: sequenceByLink[link]!, connection: 1,
                messageClass: messageClass, method: "POST", path: "/internal/\(messageClass.rawValue)",
                requestBytes: 100,
                leaderEpoch: epoch, fate: fate, delayMicroseconds: 0, status: status, roundTripMicroseconds: 500))
    }

    /// Heartbeats every 200 ms over [from, to), accepted unless a fate says otherwise.
    mutating func heartbeats(
        _ link: String, epoch: UInt64, from: Double, to: Double, fate: JournalFate = .deliver, status: Int? = 200
    ) {
        var time = from
        while time < to - 1e-9 {
            message(link, .heartbeat, epoch: epoch, at: time, fate: fate, status: status)
            time += Self.heartbeatIntervalSeconds
        }
    }

    mutating func fault(_ command: FaultCommand, at seconds: Double, targets: [String]) {
        faults.append(
            FaultObservation(
                timeNanoseconds: Self.nanoseconds(seconds), request: FaultRequest(command: command), targets: targets))
    }

    // MARK: history

    /// One operation invoked at `at` taking `duration`; returns its id.
    @discardableResult
    mutating func operation(
        _ kind: OperationKind, key: String, node: String = "node1", at seconds: Double, duration: Double = 0.005,
        outcome: OperationOutcome = .ok, workload: String = "test", store: String? = nil, client: Int = 0,
        status: Int? = nil, error: String? = nil, delta: Int64? = nil, counter: Int64? = nil, data: String? = nil,
        read: String? = nil, item: String? = nil, lock: String? = nil, ttlMilliseconds: Int64? = nil,
        name: String? = nil
    ) -> Int {
        let id = nextOperationID
        nextOperationID += 1
        history.append(
            HistoryOperation(
                id: id, client: client, workload: workload, kind: kind, key: key, store: store ?? key, node: node,
                invokeNanoseconds: Self.nanoseconds(seconds), completeNanoseconds: Self.nanoseconds(seconds + duration),
                outcome: outcome, status: status ?? (outcome == .ok ? 200 : nil), error: error, delta: delta,
                counter: counter, data: data, read: read, item: item, lock: lock, ttlMilliseconds: ttlMilliseconds,
                name: name))
        return id
    }

    // MARK: stories

    /// node1 PRIMARY and node2 SECONDARY at epoch 1 over [0, end), heartbeats flowing.
    mutating func steadyPair(until end: Double) {
        role("node1", "PRIMARY", epoch: 1, from: 0, to: end, since: 0)
        role("node2", "SECONDARY", epoch: 1, from: 0, to: end, offset: 0.001)
        heartbeats("node1->node2", epoch: 1, from: 0.1, to: end)
    }

    /// node1 leads at epoch 1 and is killed at `killAt`; its last heartbeat reached node2 just
    /// before; node2 promotes to epoch 2 `promotionAfter` seconds after that heartbeat and leads
    /// until `end`. Returns the promotion instant.
    @discardableResult
    mutating func killFailover(killAt: Double = 2.0, promotionAfter: Double = 4.07, end: Double = 10) -> Double {
        heartbeats("node1->node2", epoch: 1, from: 0.1, to: killAt)
        let lastHeartbeat =
            0.1 + Double(Int((killAt - 0.1 - 1e-9) / Self.heartbeatIntervalSeconds)) * Self.heartbeatIntervalSeconds
        let promotion = lastHeartbeat + promotionAfter
        role("node1", "PRIMARY", epoch: 1, from: 0, to: killAt, since: 0)
        unreachable("node1", from: killAt, to: end)
        fault(.kill(target: "node1"), at: killAt, targets: ["node1"])
        role("node2", "SECONDARY", epoch: 1, from: 0, to: promotion, offset: 0.001)
        let firstPrimarySample =
            0.001 + (promotion / Self.sampleIntervalSeconds).rounded(.up) * Self.sampleIntervalSeconds
        role("node2", "PRIMARY", epoch: 2, from: firstPrimarySample, to: end, since: promotion)
        return promotion
    }

    /// node1 and node2 are partitioned at `partitionAt`; node2 promotes (epoch 2) 4.07 s after
    /// the last heartbeat while node1 stays PRIMARY at epoch 1 until the heal at `healAt`, when
    /// node2's heartbeat demotes it (JOINING, then SECONDARY at epoch 2).
    @discardableResult
    mutating func splitBrain(partitionAt: Double = 2.0, healAt: Double = 8.0, end: Double = 12) -> Double {
        heartbeats("node1->node2", epoch: 1, from: 0.1, to: partitionAt)
        heartbeats("node1->node2", epoch: 1, from: partitionAt + 0.1, to: healAt, fate: .drop, status: nil)
        fault(
            .partition(from: "node1", to: "node2", mode: .drop, oneWay: false), at: partitionAt,
            targets: ["node1", "node2"])
        fault(.heal, at: healAt, targets: [])
        let lastHeartbeat =
            0.1 + Double(Int((partitionAt - 0.1 - 1e-9) / Self.heartbeatIntervalSeconds))
            * Self.heartbeatIntervalSeconds
        let promotion = lastHeartbeat + 4.07
        let firstPrimarySample =
            0.001 + (promotion / Self.sampleIntervalSeconds).rounded(.up) * Self.sampleIntervalSeconds
        role("node1", "PRIMARY", epoch: 1, from: 0, to: healAt + 0.05, since: 0)
        role("node1", "JOINING", epoch: 2, from: healAt + 0.05, to: healAt + 0.5)
        role("node1", "SECONDARY", epoch: 2, from: healAt + 0.5, to: end)
        role("node2", "SECONDARY", epoch: 1, from: 0, to: promotion, offset: 0.001)
        role("node2", "PRIMARY", epoch: 2, from: firstPrimarySample, to: end, since: promotion)
        heartbeats("node2->node1", epoch: 2, from: healAt + 0.02, to: end)
        return promotion
    }
}
