import BunnyCore
import TestSupport

/// The kinds of traffic between the nodes. Each request and each answer travels on its own
/// class and direction, so a rule can, say, lose heartbeats one way and keep their acks.
enum MessageClass: String, CaseIterable, Sendable {
    /// `POST /internal/heartbeat` requests (primary → peer).
    case heartbeat
    /// Heartbeat acknowledgements (peer → primary).
    case ack
    /// `POST /internal/replicate` requests and their answers.
    case replicate
    /// `POST /internal/join-snapshot` requests and the snapshot (or refusal) coming back.
    case join
    /// `GET /status` discovery probes and their answers.
    case probe
}

/// What happens to the messages of one class in one direction.
struct LinkRule: Equatable, Sendable {
    /// Drop everything.
    var partitioned = false
    var dropProbability = 0.0
    var delay: Duration = .milliseconds(2)
    /// Added uniformly in [0, jitter].
    var jitter: Duration = .milliseconds(3)
    /// A second copy is delivered (with its own delay).
    var duplicateProbability = 0.0
    /// The message gets an extra delay uniform in [0, reorderDelay], so it may overtake or be
    /// overtaken by others.
    var reorderProbability = 0.0
    var reorderDelay: Duration = .milliseconds(300)
    /// Keep a copy of every message sent (it is still delivered normally) for a later replay.
    var holdCopies = false

    static let healthy = LinkRule()
}

/// A copy of a message kept by a `holdCopies` rule, to be replayed later (after a failover,
/// to check that stale epochs are fenced).
struct HeldMessage {
    var from: Int
    var to: Int
    var messageClass: MessageClass
    var heldAt: Duration
    /// The replication message, when the copy is one.
    var replication: ReplicationMessage?
    var summary: String
    /// Delivers the copy to the node now listening at `to`; answers what happened.
    var deliver: (SimulatedNode) -> String
}

/// The rules for every (direction, class), and the fate of each message sent.
struct SimulatedNetwork {
    let nodeCount: Int
    private var rules: [[[MessageClass: LinkRule]]]
    var held: [HeldMessage] = []

    init(nodeCount: Int) {
        self.nodeCount = nodeCount
        rules = Array(
            repeating: Array(repeating: [:], count: nodeCount), count: nodeCount)
    }

    func rule(from: Int, to: Int, _ messageClass: MessageClass) -> LinkRule {
        rules[from][to][messageClass] ?? .healthy
    }

    mutating func update(
        from: Int, to: Int, classes: [MessageClass] = MessageClass.allCases, _ change: (inout LinkRule) -> Void
    ) {
        for messageClass in classes {
            var rule = rule(from: from, to: to, messageClass)
            change(&rule)
            rules[from][to][messageClass] = rule
        }
    }

    /// Every rule back to healthy (holding copies stops too; held copies stay).
    mutating func healAll() {
        rules = Array(repeating: Array(repeating: [:], count: nodeCount), count: nodeCount)
    }

    /// The delays after which copies of one message arrive: none if it is lost, two if it is
    /// duplicated.
    func fate(from: Int, to: Int, _ messageClass: MessageClass, using random: inout SeededGenerator) -> [Duration] {
        let rule = rule(from: from, to: to, messageClass)
        if rule.partitioned { return [] }
        var copies = 1
        if random.chance(rule.dropProbability) { copies = 0 }
        if copies == 1, random.chance(rule.duplicateProbability) { copies = 2 }
        return (0..<copies).map { _ in
            var delay = rule.delay + random.duration(upTo: rule.jitter)
            if random.chance(rule.reorderProbability) { delay += random.duration(upTo: rule.reorderDelay) }
            return delay
        }
    }
}
