import DequeModule

/// The replica state machine: one node's stores, names, tombstones, limits, role and epoch.
///
/// Pure and synchronous. Every input carries the current `Moment`; randomness comes from the
/// injected generator; the store-ID cipher is injected. The shell owns exactly one replica on
/// one serial executor and carries out what it answers, so no state here is ever shared.
///
/// Inputs are grouped by concern in extensions: the public API (`Replica+PublicAPI`), named
/// stores (`Replica+Names`), counters (`Replica+Counters`), operator commands and status
/// (`Replica+Operator`), maintenance sweeps (`Replica+Maintenance`) and the replication
/// stream (`Replica+Replication`).
public final class Replica {
    public let configuration: ReplicaConfiguration
    let cipher: any StoreIdentityCipher
    var random: any RandomNumberGenerator

    public internal(set) var role: ReplicaRole = .unknown
    public internal(set) var epoch: UInt64 = 0
    /// Where a non-primary forwards writes: the address from the last accepted heartbeat.
    public internal(set) var leaderAddress: String?
    var lastLeaderSeen: MonotonicTime?
    /// When the lease was last checked: a long gap means this node itself was stalled.
    var lastLeaseCheck: MonotonicTime?
    /// Set by a failover or operator promotion; opens the LockStateUnknown window.
    var lastPromotionAt: MonotonicTime?
    var peerLastSeen: [String: MonotonicTime] = [:]

    /// Stores by their exact ID string.
    public internal(set) var stores: StoreTable
    public internal(set) var registry = NameRegistry()
    public internal(set) var tombstones: TombstoneSet
    public internal(set) var memory: MemoryLedger
    var rateLimiter: RateLimiter
    /// The cold tier and the hot stores' eviction clock; nil without `--hot-memory-limit`.
    var tiering: StoreTiering?

    /// Raised while a join snapshot is being handed out: mutations fail with `JoinSyncing`.
    public internal(set) var isWriteBarrierRaised = false

    /// The address this node announces in heartbeats (the shell sets it once the TCP port
    /// is bound).
    public internal(set) var advertisedAddress: String
    /// Whether this node's state is a complete copy of the pair's data: true for the start-up
    /// primary and after a successful join; false for a node that started empty and has not
    /// joined yet, and for a deposed primary (its data is another line of history). Only a
    /// node with complete state may promote itself (DECISIONS 27).
    public internal(set) var hasCompleteState = false
    /// A join-snapshot fetch is under way (started by a directive, ended by its result).
    public internal(set) var isJoinInFlight = false
    var lastRecoveryAttempt: MonotonicTime?
    var lastDiscoveryAt: MonotonicTime?
    /// When `start(at:)` ran.
    var startedAt: MonotonicTime?
    /// The peer we are joining from, while JOINING.
    var joinSource: PeerAddress?

    /// The ordered replication stream to the peer, bounded.
    var replicationQueue = Deque<QueuedReplication>()
    var nextReplicationSequence: UInt64 = 1
    var queuedStoreMessages = 0
    var queuedRegistryMessages = 0
    /// Set when the stream lost a message for good (overflow): the peer must be re-synced.
    public internal(set) var peerNeedsResync = false
    var replicationFailureCount = 0
    var lastReplicationFailure: MonotonicTime?
    var lastReplicationDelivery: MonotonicTime?
    /// The timestamp of the last message enqueued. Stamps are strictly increasing (even if
    /// the wall clock steps back), so a receiver can tell a late duplicate from a newer message.
    var lastReplicationStamp = WallTime.unset
    /// Receiver side: per name (registry key), the epoch and stamp of the newest registry
    /// message applied — kept after the name is deleted, so that a late duplicate of an older
    /// message cannot bring the name back or overwrite its newer life.
    var registryMarks: [String: ReplicationMark] = [:]
    /// Set with `--data-dir` (`Replica+Persistence`): notes what changed for the writer.
    public internal(set) var persistence: ReplicaPersistence?

    public init(
        configuration: ReplicaConfiguration, cipher: any StoreIdentityCipher,
        random: any RandomNumberGenerator = SystemRandomNumberGenerator(), coldTier: (any ColdStoreTier)? = nil
    ) {
        self.configuration = configuration
        self.cipher = cipher
        var random = random
        self.stores = StoreTable(seed: random.next())
        self.random = random
        self.tombstones = TombstoneSet(
            customerLimit: configuration.tombstoneCustomerLimit, globalLimit: configuration.tombstoneGlobalLimit)
        self.memory = MemoryLedger(
            globalLimit: configuration.memoryLimit, customerQuota: configuration.customerMemoryQuota)
        self.rateLimiter = RateLimiter(
            ratePerSecond: configuration.rateLimitPerSecond, burst: configuration.burstSize)
        self.advertisedAddress = configuration.advertisedAddress
        if let coldTier, configuration.coldTier.isEnabled {
            self.tiering = StoreTiering(tier: coldTier, settings: configuration.coldTier)
        }
    }

    /// Sets the address announced to peers (after the TCP listener is bound).
    public func setAdvertisedAddress(_ address: String) {
        advertisedAddress = address
        if role == .primary { leaderAddress = address }
    }

    public var hasPeers: Bool { !configuration.peers.isEmpty }

    /// Start-up without peers: a single node is primary for ever, at epoch 1, with no
    /// LockStateUnknown window (`cluster.md` §3.1).
    public func startAsSinglePrimary(at now: Moment) {
        precondition(role == .unknown, "start-up happens once; role is \(role)")
        becomeStartupPrimary(at: now)
    }

    func becomeStartupPrimary(at now: Moment) {
        role = .primary
        epoch += 1
        leaderAddress = advertisedAddress
        lastLeaderSeen = now.monotonic
        hasCompleteState = true
    }

    // MARK: - Store table helpers

    /// Inserts a new store, charging its memory.
    func insert(_ record: StoreRecord, storeID: String) {
        stores[storeID] = record
        memory.charge(record.memoryCost, customerID: record.customerID)
        tiering?.addHot(record, storeID: storeID)
    }

    /// Removes a store, hot or cold, refunding its memory.
    @discardableResult
    func removeStore(_ storeID: String) -> StoreRecord? {
        let removed = stores.removeValue(forKey: storeID)
        if let removed { tiering?.removeHot(removed) }
        guard let record = removed ?? tiering?.tier.take(storeID: storeID) else { return nil }
        memory.charge(-record.memoryCost, customerID: record.customerID)
        return record
    }

    /// Replaces a store's content, keeping the memory ledger right.
    func replaceContent(of record: StoreRecord, with content: StoreContent) {
        let before = record.memoryCost
        let lengthBefore = record.content.storedLength
        record.content = content
        memory.charge(record.memoryCost - before, customerID: record.customerID)
        tiering?.resized(record, fromLength: lengthBefore)
    }

    /// Remaining lifetime in whole seconds for `BigBunny-Not-Valid-After`; `nil` if it never
    /// expires.
    func remainingSeconds(of record: StoreRecord, at now: WallTime) -> Int64? {
        guard !record.expiresAt.isUnset else { return nil }
        return max(0, (record.expiresAt - now).wholeSeconds)
    }

    /// Whether writes now carry `BigBunny-Warning: DegradedWrite` (`cluster.md` §7.3): the
    /// peer has missed three rounds in a row, or a round failed less than 5 s ago.
    func isReplicationDegraded(at now: MonotonicTime) -> Bool {
        guard role == .primary, hasPeers else { return false }
        if replicationFailureCount >= configuration.degradedFailureThreshold { return true }
        if let lastReplicationFailure, now - lastReplicationFailure < configuration.degradedRecentFailureWindow {
            return true
        }
        return false
    }

    /// The LockStateUnknown window: 500 ms after a failover or operator promotion.
    func isInLockStateUnknownWindow(at now: MonotonicTime) -> Bool {
        guard role == .primary, let lastPromotionAt else { return false }
        return now - lastPromotionAt <= configuration.lockStateUnknownWindow
    }
}

/// Where a replicated message stands in the sender's history: epoch first, then the sender's
/// strictly increasing stamp.
struct ReplicationMark: Comparable {
    var epoch: UInt64
    var stamp: WallTime

    static func < (left: ReplicationMark, right: ReplicationMark) -> Bool {
        left.epoch != right.epoch ? left.epoch < right.epoch : left.stamp < right.stamp
    }
}
