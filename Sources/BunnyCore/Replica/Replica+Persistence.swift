/// What one batch for the data directory holds (`Replica.takeDurableChanges`).
public struct DurableBatch: Sendable {
    /// The changed keys' current state, or the whole state when `isSnapshot`.
    public var records: [DurableRecord]
    /// True when `records` are the whole state and replace everything written before.
    public var isSnapshot: Bool
    /// The journal sequence this batch covers: once written, every change up to it is on disk.
    public var sequence: UInt64
}

extension Replica {
    /// Turns persistence bookkeeping on (the daemon's `--data-dir`). Call before `start`.
    public func enablePersistence() {
        if persistence == nil { persistence = ReplicaPersistence() }
    }

    /// Installs the state read back from the data directory, before start-up.
    ///
    /// With a peer, a node that restored data takes no role on its own: it first compares its
    /// standing with its peer's (`onDiscovery(_:peerStandings:at:)`), because the peer may
    /// hold newer data. Until then it is JOINING, may not promote by lease, and answers reads
    /// from the restored data.
    public func restore(_ state: RestoredState, at now: Moment) {
        precondition(role == .unknown, "restore happens before start-up; role is \(role)")
        enablePersistence()
        stores = state.stores
        memory.reset()
        // Charged per run of one customer: a million ledger lookups would cost a noticeable
        // part of the replay budget, and stores of one customer tend to come together.
        var runCustomer: String?
        var runBytes: Int64 = 0
        stores.forEachRecord { record in
            if record.customerID != runCustomer {
                if let runCustomer { memory.charge(runBytes, customerID: runCustomer) }
                runCustomer = record.customerID
                runBytes = 0
            }
            runBytes += record.memoryCost
        }
        if let runCustomer { memory.charge(runBytes, customerID: runCustomer) }
        if let tiering {
            // Every restored store starts hot; the tier evicts down to the limit from the
            // first input on.
            for (storeID, record) in stores { tiering.addHot(record, storeID: storeID) }
        }
        registry.removeAll()
        for key in state.names.keys.sorted() { registry.put(state.names[key]!) }
        tombstones.replace(with: state.tombstones.keys.sorted().map { ($0, state.tombstones[$0]!) })
        if let standing = state.standing, standing.epoch > 0 {
            epoch = max(epoch, standing.epoch)
            persistence?.lastWrittenStanding = standing
            persistence?.isAwaitingRestoredDecision = hasPeers
        }
    }

    /// This node's standing as it would be written now: its epoch and role while PRIMARY or
    /// SECONDARY, else the last one written. Nil without persistence or before any role.
    public var durableStanding: DurableStanding? {
        guard let persistence else { return nil }
        switch role {
        case .primary: return DurableStanding(epoch: epoch, wasPrimary: true)
        case .secondary: return DurableStanding(epoch: epoch, wasPrimary: false)
        case .joining, .unknown: return persistence.lastWrittenStanding
        }
    }

    /// Whether anything is waiting to be written: changed keys, or a new standing.
    public var hasDurableChanges: Bool {
        guard let persistence else { return false }
        return !persistence.journal.isEmpty || durableStanding != persistence.lastWrittenStanding
    }

    /// Takes what changed since the last batch: the current state of every changed key, led
    /// by the standing when it moved. After a join (the whole state replaced) or when
    /// `snapshot` is asked for, the whole state instead. The journal is emptied.
    public func takeDurableChanges(snapshot: Bool = false) -> DurableBatch {
        guard let persistence else { return DurableBatch(records: [], isSnapshot: false, sequence: 0) }
        let journal = persistence.journal
        let standing = durableStanding
        if role == .primary || role == .secondary { persistence.isAwaitingRestoredDecision = false }
        defer {
            persistence.lastWrittenStanding = standing
            journal.clear()
        }
        if snapshot || journal.everythingReplaced {
            return DurableBatch(records: captureDurableState(), isSnapshot: true, sequence: journal.sequence)
        }
        var records: [DurableRecord] = []
        records.reserveCapacity(journal.storeIDs.count + journal.names.count + 1)
        if let standing, standing != persistence.lastWrittenStanding { records.append(.standing(standing)) }
        for storeID in journal.storeIDs {
            // Cold-aware: a store changed earlier in the tick may have gone cold since.
            if let record = peekStore(storeID) {
                records.append(.store(DurableStore(storeID: storeID, record: record)))
            } else {
                let tombstone = tombstones.tombstones[storeID]
                records.append(
                    .storeDeleted(
                        storeID: storeID, customerID: tombstone?.customerID ?? "",
                        deletedAt: tombstone?.deletedAt ?? .unset))
            }
        }
        for key in journal.names {
            if let entry = registry.entry(customerID: key.customerID, name: key.name) {
                records.append(.name(entry))
            } else {
                records.append(.nameRemoved(customerID: key.customerID, name: key.name))
            }
        }
        return DurableBatch(records: records, isSnapshot: false, sequence: journal.sequence)
    }

    /// The whole durable state: standing, stores (hot, then cold), tombstones and names.
    func captureDurableState() -> [DurableRecord] {
        var records: [DurableRecord] = []
        records.reserveCapacity(stores.count + tombstones.count + registry.count + 1)
        if let standing = durableStanding { records.append(.standing(standing)) }
        for (storeID, record) in stores { records.append(.store(DurableStore(storeID: storeID, record: record))) }
        tiering?.tier.forEachStore { storeID, record in
            records.append(.store(DurableStore(storeID: storeID, record: record)))
        }
        for (storeID, tombstone) in tombstones.tombstones {
            records.append(
                .storeDeleted(storeID: storeID, customerID: tombstone.customerID, deletedAt: tombstone.deletedAt))
        }
        for entry in registry.sortedEntries { records.append(.name(entry)) }
        return records
    }

    /// Start-up discovery with persistence (`docs/architecture.md`, "Persistence and the
    /// pair"). `peerStandings` holds the standing each peer reported in its `/status`.
    ///
    /// - A live PRIMARY peer is joined, as without persistence: it is the current history.
    /// - A SECONDARY peer is waited for: it will promote (to a newer epoch) or hear from its
    ///   primary.
    /// - A node that restored data becomes PRIMARY only when its peer answered as JOINING and
    ///   either restored nothing or holds older data (`DurableStanding.isNewer`); otherwise it
    ///   waits, probing every second, so that a node with older data never takes the role
    ///   from one with newer data just because it came up first. A peer that does not answer
    ///   is waited for too (an operator can `bbd promote`).
    /// - A node that restored nothing never takes the primary role next to a peer that holds
    ///   data, nor alone; two fresh nodes pick the smaller host ID, as before.
    ///
    /// Without persistence this is exactly `onDiscovery(_:at:)`.
    public func onDiscovery(
        _ results: [(peer: PeerAddress, result: PeerProbeResult)], peerStandings: [String: DurableStanding],
        at now: Moment
    ) -> [ClusterDirective] {
        guard let persistence else { return onDiscovery(results, at: now) }
        guard role == .joining, !isJoinInFlight else { return [] }
        if let primary = results.first(where: { $0.result == .role(.primary) }) {
            return startJoin(from: primary.peer, at: now)
        }
        if results.contains(where: { $0.result == .role(.secondary) }) { return [] }
        guard persistence.isAwaitingRestoredDecision, let mine = persistence.lastWrittenStanding else {
            let everyPeerFresh = results.allSatisfy {
                $0.result == .role(.joining) && peerStandings[$0.peer.hostID] == nil
            }
            return everyPeerFresh ? onDiscovery(results, at: now) : []
        }
        var older: [String] = []
        for answer in results {
            guard answer.result == .role(.joining) else { return [] }
            if let theirs = peerStandings[answer.peer.hostID] {
                if theirs.isNewer(than: mine, hostID: answer.peer.hostID, otherHostID: configuration.hostID) {
                    return []
                }
                older.append("\(answer.peer.hostID) holds \(theirs)")
            } else {
                older.append("\(answer.peer.hostID) restored nothing")
            }
        }
        persistence.isAwaitingRestoredDecision = false
        becomeStartupPrimary(at: now)
        return [
            .roleChanged(
                RoleChange(
                    from: .joining, to: .primary, epoch: epoch,
                    reason: "start-up: restored data (\(mine)) is the newest; \(older.joined(separator: ", "))")),
            .sendHeartbeatsNow,
        ]
    }
}
