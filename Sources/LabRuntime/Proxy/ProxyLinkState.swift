import LabCore
import NIOCore

/// What the connections of one link direction share: the policy and its generator, the
/// messages held for reorder, the copies kept for replay, the counters, and the open
/// connections (so a `refuse` partition can reset them). Every access takes one lock, briefly;
/// journal sinks are called outside it.
final class ProxyLinkState: Sendable {
    struct Decision {
        var fate: MessageFate
        /// A message held for reorder, to send on right after this one.
        var release: ProxiedRequest?
    }

    struct Changes {
        var releases: [ProxiedRequest] = []
        var connectionsToReset: [ProxyConnection] = []
    }

    private struct Guarded {
        var policy: LinkPolicy
        var counters = LinkCounters()
        var nextSequence = 1
        var nextConnection = 1
        var held: [MessageClass: ProxiedRequest] = [:]
        var replayCopies: [ProxiedRequest] = []
        var connections: [Int: ProxyConnection] = [:]
        var stopped = false
    }

    let name: String
    let configuration: FaultProxyConfiguration
    let clock: @Sendable () -> Int64
    private let sink: @Sendable (ProxyJournalEntry) -> Void
    private let guarded: ProxyLocked<Guarded>

    init(
        name: String, configuration: FaultProxyConfiguration, seed: UInt64,
        clock: @escaping @Sendable () -> Int64, journal: @escaping @Sendable (ProxyJournalEntry) -> Void
    ) {
        self.name = name
        self.configuration = configuration
        self.clock = clock
        self.sink = journal
        self.guarded = ProxyLocked(Guarded(policy: LinkPolicy(seed: seed)))
    }

    // MARK: Connections

    /// Registers a new sender connection and returns its number, or nil if it must be
    /// refused (a `refuse` partition, too many connections, or the proxy is stopping).
    func admit(_ connection: ProxyConnection) -> Int? {
        guarded.withLock { state in
            state.counters.connectionsAccepted += 1
            guard !state.stopped, state.policy.specification.partition != .refuse,
                state.connections.count < configuration.maximumConnections
            else {
                state.counters.connectionsRefused += 1
                return nil
            }
            let number = state.nextConnection
            state.nextConnection += 1
            state.connections[number] = connection
            return number
        }
    }

    func remove(connection number: Int) {
        guarded.withLock { _ = $0.connections.removeValue(forKey: number) }
    }

    /// Marks the link stopped and hands back every open connection, to close.
    func stop() -> [ProxyConnection] {
        guarded.withLock { state in
            state.stopped = true
            return Array(state.connections.values)
        }
    }

    // MARK: Decisions

    /// Numbers the message and decides its fate; holds it, or keeps a copy, when the fate says so.
    func decide(_ request: inout ProxiedRequest) -> Decision {
        guarded.withLock { state in
            request.sequence = state.nextSequence
            state.nextSequence += 1
            let messageClass = request.messageClass
            let holding = state.held[messageClass] != nil
            let fate = state.policy.fate(for: messageClass, holdingForReorder: holding)
            var release: ProxiedRequest?
            switch fate {
            case .holdForReorder:
                state.held[messageClass] = request
            case .deliver, .duplicate, .deliverAndKeepForReplay:
                if holding { release = state.held.removeValue(forKey: messageClass) }
                if case .deliverAndKeepForReplay = fate {
                    state.replayCopies.append(request)
                    if state.replayCopies.count > configuration.maximumReplayCopies {
                        state.replayCopies.removeFirst(state.replayCopies.count - configuration.maximumReplayCopies)
                    }
                }
            case .drop, .reset, .blackhole:
                break
            }
            return Decision(fate: fate, release: release)
        }
    }

    /// The sequence number for a message that never reaches the policy (too large, or on a
    /// connection already silenced).
    func nextSequence() -> Int {
        guarded.withLock { state in
            defer { state.nextSequence += 1 }
            return state.nextSequence
        }
    }

    /// Whether answers coming back must be swallowed (a `blackhole` partition).
    var swallowsAnswers: Bool {
        guarded.withLock { $0.policy.specification.partition == .blackhole }
    }

    var specification: FaultSpecification {
        guarded.withLock { $0.policy.specification }
    }

    /// Installs a new specification. Returns the held messages the new one no longer holds
    /// (to send on) and, for a `refuse` partition, the open connections (to reset).
    func setSpecification(_ specification: FaultSpecification) -> Changes {
        guarded.withLock { state in
            state.policy.setSpecification(specification)
            var changes = Changes()
            for (messageClass, request) in state.held where !state.policy.keepsHolding(messageClass) {
                changes.releases.append(request)
                state.held.removeValue(forKey: messageClass)
            }
            changes.releases.sort { $0.sequence < $1.sequence }
            if specification.partition == .refuse {
                changes.connectionsToReset = state.connections.keys.sorted().compactMap { state.connections[$0] }
            }
            return changes
        }
    }

    /// Takes every copy kept for replay, oldest first.
    func takeReplayCopies() -> [ProxiedRequest] {
        guarded.withLock { state in
            defer { state.replayCopies.removeAll() }
            return state.replayCopies
        }
    }

    var replayCopyCount: Int { guarded.withLock { $0.replayCopies.count } }

    var heldForReorderCount: Int { guarded.withLock { $0.held.count } }

    // MARK: Journal and counters

    var counters: LinkCounters { guarded.withLock { $0.counters } }

    func countUpstreamError() {
        guarded.withLock { $0.counters.upstreamErrors += 1 }
    }

    /// Counts the message and hands its journal entry to the sink.
    func journal(
        _ request: ProxiedRequest, fate: JournalFate, time: Int64? = nil, delay: Duration? = nil,
        answer: UpstreamAnswer? = nil, roundTrip: TimeAmount? = nil, error: String? = nil
    ) {
        let summary =
            request.body.map {
                PeerMessageSummary.extract(from: $0.readableBytesView, messageClass: request.messageClass)
            }
            ?? PeerMessageSummary()
        let entry = ProxyJournalEntry(
            timeNanoseconds: time ?? request.arrivalLabTime,
            link: name,
            sequence: request.sequence,
            connection: request.connection,
            messageClass: request.messageClass,
            method: request.head.method.rawValue,
            path: request.head.uri,
            requestBytes: request.bodyBytes,
            leaderEpoch: summary.leaderEpoch,
            type: summary.type,
            fate: fate,
            delayMicroseconds: delay.map { Self.microseconds($0) },
            status: answer.map { Int($0.head.status.code) },
            responseBytes: answer?.bodyBytes,
            roundTripMicroseconds: roundTrip.map { $0.nanoseconds / 1000 },
            error: error
        )
        guarded.withLock { $0.counters.record(request.messageClass, fate) }
        sink(entry)
    }

    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
