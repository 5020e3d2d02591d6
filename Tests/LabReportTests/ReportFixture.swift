import LabCheckers
import LabCore

/// A small hand-made run: node1 PRIMARY at epoch 1 is killed at 2 s, node2 is promoted at
/// epoch 2 at 6 s, node1 restarts at 8 s and rejoins; a partition from 8.6 s to 9.4 s; a
/// counter workload of 300 operations (the ones during the outage time out) and a few cart
/// operations; one checker with a violation.
enum ReportFixture {
    static let second: Int64 = 1_000_000_000
    static let millisecond: Int64 = 1_000_000

    static func recording(node1: String = "node1", historyCount: Int = 300) -> RunRecording {
        RunRecording(
            nodes: [RecordedNode(name: node1, pair: 1), RecordedNode(name: "node2", pair: 1)],
            history: history(count: historyCount, node: node1), status: status(node1: node1),
            faults: faults(node1: node1),
            journal: journal(node1: node1))
    }

    static func status(node1: String) -> [StatusObservation] {
        var samples: [StatusObservation] = []
        var time = 100 * millisecond
        while time <= 10 * second {
            if time < 2 * second {
                samples.append(StatusObservation(timeNanoseconds: time, node: node1, role: "PRIMARY", epoch: 1))
            } else if time < 8 * second {
                samples.append(
                    StatusObservation(timeNanoseconds: time, node: node1, reachable: false, role: "", epoch: 0))
            } else if time < 8_500 * millisecond {
                samples.append(StatusObservation(timeNanoseconds: time, node: node1, role: "JOINING", epoch: 2))
            } else {
                samples.append(StatusObservation(timeNanoseconds: time, node: node1, role: "SECONDARY", epoch: 2))
            }
            let node2Primary = time >= 6 * second
            samples.append(
                StatusObservation(
                    timeNanoseconds: time + 1_000, node: "node2", role: node2Primary ? "PRIMARY" : "SECONDARY",
                    epoch: node2Primary ? 2 : 1))
            time += 50 * millisecond
        }
        return samples
    }

    static func faults(node1: String) -> [FaultObservation] {
        [
            FaultObservation(
                timeNanoseconds: 2 * second, request: FaultRequest(command: .kill(target: "primary")),
                targets: [node1], summary: "kill -9 \(node1)"),
            FaultObservation(
                timeNanoseconds: 8 * second, request: FaultRequest(command: .restart(target: node1)),
                targets: [node1], summary: "restarted \(node1) with the same flags"),
            FaultObservation(
                timeNanoseconds: 8_600 * millisecond,
                request: FaultRequest(command: .partition(from: node1, to: "node2", mode: .blackhole, oneWay: false)),
                targets: ["\(node1)->node2", "node2->\(node1)"], summary: ""),
            FaultObservation(
                timeNanoseconds: 9_400 * millisecond, request: FaultRequest(command: .heal), targets: [],
                summary: "healed every link"),
        ]
    }

    static func journal(node1: String) -> [ProxyJournalEntry] {
        var entries: [ProxyJournalEntry] = []
        var sequence = 0
        func add(_ time: Int64, _ link: String, _ messageClass: MessageClass, _ fate: JournalFate, failed: Bool = false)
        {
            sequence += 1
            entries.append(
                ProxyJournalEntry(
                    timeNanoseconds: time, link: link, sequence: sequence, connection: 1, messageClass: messageClass,
                    method: "POST", path: "/internal/\(messageClass.rawValue)", requestBytes: 100,
                    leaderEpoch: 1, fate: fate, status: failed ? nil : 200,
                    error: failed ? "cannot connect upstream" : nil))
        }
        var time = 100 * millisecond
        while time <= 10 * second {
            if time < 2 * second {
                add(time, "\(node1)->node2", .heartbeat, .deliver)
                add(time + 10 * millisecond, "\(node1)->node2", .replicate, .deliver)
            } else if time >= 6 * second {
                let partitioned = time >= 8_600 * millisecond && time < 9_400 * millisecond
                let fate: JournalFate = partitioned ? .blackhole : .deliver
                add(time, "node2->\(node1)", .heartbeat, fate, failed: !partitioned && time < 8 * second)
            }
            time += 100 * millisecond
        }
        return entries
    }

    /// Counter operations every 30 ms from 0.5 s: 2 ms when the primary is up, 2 s timeouts
    /// (unknown) while it is down, definite failures between 6 and 6.5 s; and 5 cart operations.
    static func history(count: Int, node: String) -> [HistoryOperation] {
        var operations: [HistoryOperation] = []
        for index in 0..<count {
            let invoke = 500 * millisecond + Int64(index) * 30 * millisecond
            let down = invoke >= 2 * second && invoke < 6 * second
            let refused = invoke >= 6 * second && invoke < 6_500 * millisecond
            let outcome: OperationOutcome = down ? .unknown : (refused ? .fail : .ok)
            operations.append(
                HistoryOperation(
                    id: index + 1, client: index % 4, workload: "counter", kind: .increment,
                    key: "counter-\(index % 8)",
                    node: node, invokeNanoseconds: invoke,
                    completeNanoseconds: invoke + (down ? 2 * second : 2 * millisecond), outcome: outcome,
                    error: down ? "timeout" : (refused ? "LeaderChanged" : nil), delta: 1))
        }
        for index in 0..<5 {
            let invoke = 700 * millisecond + Int64(index) * 100 * millisecond
            operations.append(
                HistoryOperation(
                    id: count + 1 + index, client: 2000, workload: "cart", kind: .beginModify, key: "cart-0",
                    node: node, invokeNanoseconds: invoke, completeNanoseconds: invoke + 5 * millisecond, outcome: .ok))
        }
        return operations
    }

    /// In the checkers' order: ok, unknown, violation (the page must reorder them).
    static let results: [CheckResult] = [
        CheckResult(checker: "epoch-fencing", verdict: .ok, summary: "no stale-epoch write accepted"),
        CheckResult(
            checker: "linearizability", verdict: .unknown, summary: "search ran out of time",
            figures: [CheckFigure("searched-states", 100_000)]),
        CheckResult(
            checker: "lost-updates", verdict: .violation, summary: "2 acknowledged increments lost beyond the budget",
            evidence: [
                CheckEvidence(
                    kind: "lost-unexplained", text: "increments #42 and #77 acknowledged by node1 are missing",
                    operationIDs: [42, 77], startNanoseconds: 1_500 * millisecond, endNanoseconds: 6 * second,
                    isViolation: true),
                CheckEvidence(
                    kind: "lost-async-window", text: "one increment lost in the async window", operationIDs: [50],
                    startNanoseconds: 1_900 * millisecond, isViolation: false),
            ],
            figures: [CheckFigure("lost.unexplained", 2), CheckFigure("lost.async-window", 1)]),
    ]
}
