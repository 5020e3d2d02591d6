/// The periodic jobs of `cluster.md` §9, each driven by a timer in the shell.
public enum MaintenanceJob: Sendable, CaseIterable {
    /// Every 30 s, primary only: expired stores.
    case expireStores
    /// Every 30 s, primary only: orphaned pending-name stores, stale reservations, stuck deletions.
    case sweepNames
    /// Every 60 s, every node: tombstones older than 24 h.
    case sweepTombstones
    /// Every 5 min, every node: idle full rate-limit buckets.
    case dropIdleRateLimitBuckets

    public var period: Duration {
        switch self {
        case .expireStores, .sweepNames: return .seconds(30)
        case .sweepTombstones: return .seconds(60)
        case .dropIdleRateLimitBuckets: return .seconds(300)
        }
    }
}

extension Replica {
    public func runMaintenance(_ job: MaintenanceJob, at now: Moment) {
        switch job {
        case .expireStores: expireStores(at: now)
        case .sweepNames: sweepNames(at: now)
        case .sweepTombstones:
            tombstones.sweep(at: now.wall, lifetime: configuration.tombstoneLifetime)
            sweepRegistryMarks(at: now)
        case .dropIdleRateLimitBuckets: rateLimiter.dropIdleBuckets(at: now.monotonic)
        }
    }

    /// Deletes expired stores that hold no live lock, with their names; tombstones and
    /// replicates each. Skipped while the write barrier is raised. Secondaries never expire
    /// stores themselves: they follow the primary's DELETEs.
    func expireStores(at now: Moment) {
        guard role == .primary, !isWriteBarrierRaised else { return }
        let expired = stores.filter { _, record in
            record.isExpired(at: now.wall) && record.activeLock(at: now.wall) == nil
        }
        for storeID in expired.keys.sorted() {
            let record = expired[storeID]!
            if let entry = registry.activeEntry(forStoreID: storeID) { deleteName(entry, at: now) }
            deleteStoreAndTombstone(storeID, record: record, at: now)
        }
        expireColdStores(at: now)
    }

    /// Orphans (a pending-name store older than 10 s that no ACTIVE entry names), stale
    /// reservations (CREATING older than 5 s) and stuck deletions (DELETING whose store is gone).
    func sweepNames(at now: Moment) {
        guard role == .primary, !isWriteBarrierRaised else { return }
        let orphans = stores.filter { storeID, record in
            guard !record.pendingName.isEmpty, now.wall - record.createdAt > configuration.orphanAge else {
                return false
            }
            let entry = registry.entry(customerID: record.customerID, name: record.pendingName)
            return !(entry?.state == .active && entry?.storeID == storeID)
        }
        for storeID in orphans.keys.sorted() {
            deleteStoreAndTombstone(storeID, record: orphans[storeID]!, at: now)
        }
        for entry in registry.sortedEntries {
            switch entry.state {
            case .creating where !isFreshReservation(entry, at: now):
                registry.remove(customerID: entry.customerID, name: entry.name)
                replicate(
                    .registry(
                        RegistryReplicationMessage(
                            kind: .abort, customerID: entry.customerID, name: entry.name)), at: now)
            case .deleting where isStoreMissingOrForeign(entry, at: now):
                deleteName(entry, at: now)
            default:
                break
            }
        }
    }

    /// Marks of deleted names live as long as store tombstones.
    func sweepRegistryMarks(at now: Moment) {
        registryMarks = registryMarks.filter { key, mark in
            registry.entries[key] != nil || now.wall - mark.stamp <= configuration.tombstoneLifetime
        }
    }

    private func isStoreMissingOrForeign(_ entry: NameEntry, at now: Moment) -> Bool {
        guard let record = peekStore(entry.storeID) else { return true }
        return record.isExpired(at: now.wall) || record.customerID != entry.customerID
    }
}
