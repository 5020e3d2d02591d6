/// What the primary side decides for `POST /internal/join-snapshot`.
public enum JoinSnapshotDecision: Equatable, Sendable {
    /// Send this snapshot, then call `endJoinSnapshot` once it is written (or failed).
    case snapshot(JoinSnapshot)
    /// Not primary: forward to the leader.
    case forward(leaderAddress: String)
    case refused(APIError)
}

extension Replica {
    /// The primary side of a join (`cluster.md` §8.2): raises the write barrier and captures
    /// every store, tombstone and name. What is written after the barrier drops is replicated
    /// (and retried until the joiner accepts it).
    ///
    /// The replication stream is kept, not dropped: this request may be a late or duplicated
    /// one whose snapshot nobody installs (the joiner gave up on it and already installed an
    /// earlier one), and then the stream is the only copy of what the peer still lacks.
    /// Resending messages that are already inside an installed snapshot is harmless: they are
    /// applied in order, versions only move forward and tombstones keep deleted stores deleted.
    public func beginJoinSnapshot(at now: Moment) -> JoinSnapshotDecision {
        guard role == .primary else {
            if role == .joining || role == .unknown { return .refused(.recoveryInProgress) }
            guard let leaderAddress, !leaderAddress.isEmpty else { return .refused(.leaderUnknown) }
            return .forward(leaderAddress: leaderAddress)
        }
        if isWriteBarrierRaised {
            return .refused(APIError(status: 503, code: nil, message: "join already in progress", retryAfterSeconds: 2))
        }
        isWriteBarrierRaised = true
        return .snapshot(captureSnapshot())
    }

    /// Lowers the write barrier after the snapshot was written.
    public func endJoinSnapshot() {
        isWriteBarrierRaised = false
    }

    /// Hot stores in ID order, then cold stores in the tier's order.
    func captureSnapshot() -> JoinSnapshot {
        func snapshotStore(_ storeID: String, _ record: StoreRecord) -> JoinSnapshot.Store {
            JoinSnapshot.Store(
                storeID: storeID, shardID: record.shardID, customerID: record.customerID,
                dataType: record.content.isCounter ? 1 : 0, body: record.content.storedBytes,
                expiresAt: record.expiresAt, version: record.version, leaderEpoch: record.epoch, lock: record.lock,
                role: 0, lastReplicatedAt: record.lastReplicatedAt, pendingName: record.pendingName,
                createdAt: record.createdAt)
        }
        var storeRecords = stores.keys.sorted().map { snapshotStore($0, stores[$0]!) }
        tiering?.tier.forEachStore { storeID, record in storeRecords.append(snapshotStore(storeID, record)) }
        let tombstoneRecords = tombstones.tombstones.keys.sorted().map {
            JoinSnapshot.Tombstone(storeID: $0, deletedAt: tombstones.tombstones[$0]!.deletedAt)
        }
        return JoinSnapshot(
            stores: storeRecords, tombstones: tombstoneRecords, registry: registry.sortedEntries, hasRegistry: true,
            leaderEpoch: epoch, site: configuration.site, hostID: configuration.hostID)
    }

    /// The joining side (`cluster.md` §8.3): validates the snapshot (site, no epoch
    /// regression, registry present and consistent), then replaces the whole state and
    /// becomes SECONDARY. A refused snapshot leaves the node JOINING with its data untouched.
    public func onJoinSnapshot(_ snapshot: JoinSnapshot, at now: Moment) -> [ClusterDirective] {
        guard role == .joining, isJoinInFlight else { return [] }
        isJoinInFlight = false
        if let reason = joinRefusal(snapshot) {
            return [.roleChanged(RoleChange(from: .joining, to: .joining, epoch: epoch, reason: "join refused: \(reason)"))]
        }
        stores.removeAll(keepingCapacity: true)
        memory.reset()
        if let tiering {
            tiering.clock.removeAll()
            tiering.hotBytes = 0
            tiering.tier.removeAll()
        }
        for store in snapshot.stores {
            guard let content = Self.content(of: store) else { continue }
            let record = StoreRecord(
                customerID: store.customerID, shardID: store.shardID, content: content, expiresAt: store.expiresAt,
                version: store.version, epoch: store.leaderEpoch, lock: store.lock, pendingName: store.pendingName,
                createdAt: store.createdAt, lastReplicatedAt: store.lastReplicatedAt)
            insert(record, storeID: store.storeID)
            settleHotMemory(at: now)
        }
        registry.removeAll()
        registryMarks.removeAll()
        for entry in snapshot.registry {
            registry.put(entry)
            // The entry's reservation (epoch, time) bounds the messages of its current life
            // from below, and those of its earlier lives from above.
            if !entry.reservedAt.isUnset {
                registryMarks[entry.key] = ReplicationMark(epoch: entry.epoch, stamp: entry.reservedAt)
            }
        }
        tombstones.replace(
            with: snapshot.tombstones.map {
                ($0.storeID, TombstoneSet.Tombstone(customerID: peekStore($0.storeID)?.customerID ?? "", deletedAt: $0.deletedAt))
            })
        for tombstone in snapshot.tombstones { removeStore(tombstone.storeID) }
        epoch = snapshot.leaderEpoch
        lastLeaderSeen = now.monotonic
        // Writes must be forwardable at once, not only after the first heartbeat: the peer we
        // fetched the snapshot from is the leader, at the address we reached it on.
        if let joinSource, leaderAddress?.isEmpty ?? true || snapshot.hostID == joinSource.hostID {
            leaderAddress = joinSource.address
        }
        role = .secondary
        hasCompleteState = true
        persistence?.journal.noteEverythingReplaced()
        clearReplicationQueue()
        return [
            .roleChanged(
                RoleChange(
                    from: .joining, to: .secondary, epoch: epoch,
                    reason: "joined \(snapshot.hostID): \(snapshot.stores.count) stores, \(snapshot.registry.count) names"))
        ]
    }

    /// The fetch failed (refused, busy, unreachable): stay JOINING; the next heartbeat or
    /// discovery round retries after the debounce.
    public func onJoinFailed(reason: String, at now: Moment) -> [ClusterDirective] {
        guard isJoinInFlight else { return [] }
        isJoinInFlight = false
        return [.roleChanged(RoleChange(from: role, to: role, epoch: epoch, reason: "join failed: \(reason)"))]
    }

    func joinRefusal(_ snapshot: JoinSnapshot) -> String? {
        if !configuration.siteVerificationDisabled, !snapshot.site.isEmpty, snapshot.site != configuration.site {
            return "site \(snapshot.site) differs from ours (\(configuration.site))"
        }
        if snapshot.leaderEpoch < epoch { return "snapshot epoch \(snapshot.leaderEpoch) is older than ours (\(epoch))" }
        if !snapshot.hasRegistry { return "snapshot has no name registry" }
        var namedStores = Set<String>()
        for entry in snapshot.registry where entry.state == .active && !entry.storeID.isEmpty {
            if !namedStores.insert(entry.storeID).inserted { return "store \(entry.storeID) has two names" }
        }
        return nil
    }

    static func content(of store: JoinSnapshot.Store) -> StoreContent? {
        guard store.dataType == 1 else { return .blob(store.body) }
        return CounterState.parse(storedBody: store.body).map { .counter($0) }
    }
}
