extension Replica {
    // MARK: - Lookups over both tiers

    /// The store with this ID, hot or cold, as a use: a hot store's use count goes up; a cold
    /// store is promoted (moved back into the hot table, where the caller may change it).
    /// Without a cold tier this is the hot table's lookup.
    func lookupStore(_ storeID: String) -> StoreRecord? {
        if let record = stores[storeID] {
            if tiering != nil { HotStoreClock.noteUse(of: record) }
            return record
        }
        guard let tiering, let record = tiering.tier.take(storeID: storeID) else { return nil }
        stores[storeID] = record
        tiering.addHot(record, storeID: storeID)
        tiering.promotions += 1
        return record
    }

    /// The store with this ID, hot or cold, without promoting it: for checks that only read
    /// (a cold store comes back as a copy read from the tier; changes to it are not kept).
    func peekStore(_ storeID: String) -> StoreRecord? {
        if let record = stores[storeID] { return record }
        return tiering?.tier.read(storeID: storeID)
    }

    func containsStore(_ storeID: String) -> Bool {
        stores[storeID] != nil || (tiering?.tier.contains(storeID: storeID) ?? false)
    }

    /// Every store, hot and cold.
    public var storeCount: Int { stores.count + (tiering?.tier.count ?? 0) }

    /// Stores in the cold tier (0 without one).
    public var coldStoreCount: Int { tiering?.tier.count ?? 0 }

    // MARK: - Eviction

    /// Moves the least used hot stores to the cold tier until hot memory is within the limit.
    ///
    /// Runs at the start of every input that can add or promote stores (public requests,
    /// replication messages) and inside a join, never in the middle of one: a record an input
    /// holds stays hot until the input ends, so no change is ever made to an evicted copy. Hot
    /// memory may pass the limit by what one input adds (a store of at most a few KB).
    /// Locked stores and stores pending a name are never evicted.
    func settleHotMemory(at now: Moment) {
        guard let tiering, tiering.isOverLimit else { return }
        if let until = tiering.evictionsSuspendedUntil {
            guard now.monotonic >= until else { return }
            tiering.evictionsSuspendedUntil = nil
        }
        var refusals = 0
        while tiering.isOverLimit, refusals <= tiering.clock.count {
            guard
                let victim = tiering.clock.nextVictim(
                    maximumSteps: 4 * tiering.clock.count + 4, isEvictable: StoreTiering.isEvictable)
            else { return }
            switch evict(victim.storeID, record: victim.record, at: now) {
            case .evicted: tiering.evictions += 1
            case .refused:
                refusals += 1
                tiering.clock.passOver()
            case .failed: return
            }
        }
    }

    enum EvictionResult {
        case evicted
        /// The tier cannot take this store (too large for its slots); others may go instead.
        case refused
        /// The tier could not write (disk full, I/O error): evictions pause for a second.
        case failed
    }

    /// Writes one hot store to the tier and drops it from the hot table. On a failure the
    /// store stays hot.
    private func evict(_ storeID: String, record: StoreRecord, at now: Moment) -> EvictionResult {
        guard let tiering else { return .failed }
        do {
            try tiering.tier.put(storeID: storeID, record: record)
        } catch {
            tiering.evictionFailures += 1
            if case .recordTooLarge = error { return .refused }
            tiering.evictionsSuspendedUntil = now.monotonic + StoreTiering.suspensionAfterFailure
            return .failed
        }
        stores.removeValue(forKey: storeID)
        tiering.removeHot(record)
        return .evicted
    }

    /// The idle pass (`--cold-after`), driven by a timer in the shell: at most once per
    /// `coldAfter`, every hot store not used since the previous pass goes cold — so a store
    /// goes cold after between one and two `coldAfter` without use. A store whose lock has
    /// expired goes too (its lock, which no check would honour any more, is dropped). Then
    /// the limit is enforced, as at the start of an input.
    public func runColdTierMaintenance(at now: Moment) {
        guard let tiering else { return }
        let coldAfter = tiering.settings.coldAfter
        if coldAfter > .zero {
            if let last = tiering.lastIdlePass {
                if now.monotonic - last >= coldAfter { coolIdleStores(at: now) }
            } else {
                tiering.lastIdlePass = now.monotonic
            }
        }
        settleHotMemory(at: now)
    }

    private func coolIdleStores(at now: Moment) {
        guard let tiering else { return }
        tiering.lastIdlePass = now.monotonic
        if let until = tiering.evictionsSuspendedUntil, now.monotonic < until { return }
        // Backwards, because an eviction moves the last entry into the freed slot.
        var index = tiering.clock.count - 1
        while index >= 0 {
            defer { index -= 1 }
            guard index < tiering.clock.count else { continue }
            let (storeID, record) = tiering.clock.entries[index]
            if record.accessBits & HotStoreClock.referencedBit != 0 {
                record.accessBits &= ~HotStoreClock.referencedBit
                continue
            }
            guard record.pendingName.isEmpty else { continue }
            if let lock = record.lock {
                guard lock.isExpired(at: now.wall) else { continue }
                record.lock = nil
            }
            switch evict(storeID, record: record, at: now) {
            case .evicted: tiering.idleEvictions += 1
            case .refused: continue
            case .failed: return
            }
        }
    }

    // MARK: - Expiry

    /// Expired cold stores, deleted like hot ones (names, tombstones, replicated DELETEs).
    /// Part of the primary's expiry sweep; bounded per sweep, the rest go in the next.
    func expireColdStores(at now: Moment) {
        guard let tiering else { return }
        for (storeID, record) in tiering.tier.expiryCandidates(at: now.wall, limit: 50_000)
        where record.isExpired(at: now.wall) {
            if let entry = registry.activeEntry(forStoreID: storeID) { deleteName(entry, at: now) }
            deleteStoreAndTombstone(storeID, record: record, at: now)
        }
    }

    // MARK: - Status

    public var coldTierStatus: ColdTierStatus? {
        guard let tiering else { return nil }
        return ColdTierStatus(
            hotStoreCount: stores.count, coldStoreCount: tiering.tier.count, hotMemoryBytes: tiering.residentBytes,
            hotMemoryLimit: tiering.settings.hotMemoryLimit, coldIndexBytes: tiering.tier.residentBytes,
            promotions: tiering.promotions, evictions: tiering.evictions, idleEvictions: tiering.idleEvictions,
            evictionFailures: tiering.evictionFailures)
    }
}
