/// The replica's cold-tier state (present only with `--hot-memory-limit`): the tier, the hot
/// stores' eviction clock, the hot memory they cost and the counters `/status` reports.
///
/// Invariant: a store is either in the replica's hot table (and then in `clock`, counted in
/// `hotBytes`) or in `tier`, never both. Moving a store between the two leaves the memory
/// ledger alone: `--memory-limit` and the customer quotas count every store, hot or cold.
final class StoreTiering {
    let tier: any ColdStoreTier
    let settings: ColdTierSettings
    var clock = HotStoreClock()
    /// Σ `settings.hotCost` over the hot stores.
    var hotBytes: Int64 = 0
    var promotions: UInt64 = 0
    var evictions: UInt64 = 0
    var idleEvictions: UInt64 = 0
    var evictionFailures: UInt64 = 0
    /// After a failed write to the tier (disk full, I/O error), evictions pause until then, so
    /// a broken disk costs one failed write per second rather than one per request.
    var evictionsSuspendedUntil: MonotonicTime?
    var lastIdlePass: MonotonicTime?

    static let suspensionAfterFailure: Duration = .seconds(1)

    init(tier: any ColdStoreTier, settings: ColdTierSettings) {
        self.tier = tier
        self.settings = settings
    }

    /// What the hot limit is compared with: hot stores plus the tier's index.
    var residentBytes: Int64 { hotBytes + tier.residentBytes }

    var isOverLimit: Bool { residentBytes > settings.hotMemoryLimit }

    func addHot(_ record: StoreRecord, storeID: String) {
        clock.add(record, storeID: storeID)
        hotBytes += settings.hotCost(storedLength: record.content.storedLength)
    }

    func removeHot(_ record: StoreRecord) {
        guard record.clockSlot >= 0 else { return }
        clock.remove(record)
        hotBytes -= settings.hotCost(storedLength: record.content.storedLength)
    }

    /// A hot store's content changed length.
    func resized(_ record: StoreRecord, fromLength before: Int) {
        guard record.clockSlot >= 0 else { return }
        hotBytes += Int64(record.content.storedLength - before)
    }

    /// A store may go cold unless a lock or a pending name pins it.
    static func isEvictable(_ record: StoreRecord) -> Bool {
        record.lock == nil && record.pendingName.isEmpty
    }
}
