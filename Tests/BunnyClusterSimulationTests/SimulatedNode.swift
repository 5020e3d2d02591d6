import BunnyCore
import TestSupport

/// One process of the pair: a `Replica` plus what its shell would hold (timers, the
/// replication sender, pending requests). Killing it loses the replica; a restart builds a
/// fresh one.
final class SimulatedNode {
    enum ProcessState: String {
        case up
        /// SIGSTOPped: no timer fires and no message is processed; everything waits.
        case paused
        /// Gone: messages to it are refused, its state is lost.
        case killed
    }

    let index: Int
    let hostID: String
    let address: PeerAddress
    var configuration: ReplicaConfiguration

    /// The running replica; the last one is kept after a kill for inspection.
    private(set) var replica: Replica
    var state: ProcessState = .killed
    /// Bumped by every kill and restart: events bound to an older incarnation are dropped.
    var incarnation = 0
    /// Added to this node's wall clock (a skewed clock; monotonic time is unaffected).
    var wallClockSkew: Duration = .zero
    /// Events that came due while paused, in order; re-run at resume.
    var deferred: [SimulatedEvent] = []

    /// The replication message in flight: one at a time.
    var replicationInFlight: (rpc: UInt64, sequence: UInt64)?
    /// No send before this time (back-off after a failure), in virtual nanoseconds.
    var replicationRetryAt: Int64 = 0
    var replicationRetryScheduled = false

    /// Virtual time of the last heartbeat this node accepted (epoch ≥ its own).
    var lastAcceptedHeartbeat: Duration?
    var startCount = 0

    init(index: Int, hostID: String, address: PeerAddress, configuration: ReplicaConfiguration) {
        self.index = index
        self.hostID = hostID
        self.address = address
        self.configuration = configuration
        // Placeholder until the first start; never driven while killed.
        self.replica = Replica(
            configuration: configuration, cipher: TransparentCipher(), random: SeededGenerator(seed: 0))
    }

    var isUp: Bool { state == .up }

    /// A fresh replica for a (re)start.
    func boot(seed: UInt64) {
        replica = Replica(
            configuration: configuration, cipher: TransparentCipher(), random: SeededGenerator(seed: seed))
        state = .up
        incarnation += 1
        deferred.removeAll()
        replicationInFlight = nil
        replicationRetryAt = 0
        replicationRetryScheduled = false
        lastAcceptedHeartbeat = nil
        startCount += 1
    }

    func kill() {
        state = .killed
        incarnation += 1
        deferred.removeAll()
        replicationInFlight = nil
        replicationRetryScheduled = false
    }

    // MARK: - Views for assertions

    var role: ReplicaRole { replica.role }
    var epoch: UInt64 { replica.epoch }

    /// Every store as (ID → summary), for comparing nodes.
    var storeSummaries: [String: StoreSummary] {
        replica.stores.mapValues(StoreSummary.init)
    }

    var nameSummaries: [String: NameSummary] {
        var result: [String: NameSummary] = [:]
        for entry in replica.registry.sortedEntries { result[entry.key] = NameSummary(entry) }
        return result
    }
}

/// What is compared of a store between nodes.
struct StoreSummary: Equatable, CustomStringConvertible {
    var customerID: String
    var version: UInt64
    var isCounter: Bool
    var bytes: [UInt8]
    var expiresAt: WallTime
    var pendingName: String

    init(_ record: StoreRecord) {
        customerID = record.customerID
        version = record.version
        isCounter = record.content.isCounter
        bytes = record.content.storedBytes
        expiresAt = record.expiresAt
        pendingName = record.pendingName
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    var description: String {
        "v\(version) \(isCounter ? "counter" : "blob") \"\(text)\"\(pendingName.isEmpty ? "" : " pending=\(pendingName)")"
    }
}

/// What is compared of a name between nodes.
struct NameSummary: Equatable, CustomStringConvertible {
    var storeID: String
    var state: NameEntry.State
    var version: UInt64

    init(_ entry: NameEntry) {
        storeID = entry.storeID
        state = entry.state
        version = entry.version
    }

    var description: String { "\(state.name) v\(version) → \(storeID)" }
}
