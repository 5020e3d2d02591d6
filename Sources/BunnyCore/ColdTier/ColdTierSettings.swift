/// The replica's side of the optional cold tier (`--hot-memory-limit`, `--cold-after`).
public struct ColdTierSettings: Sendable, Equatable {
    /// Bytes of hot store memory (see `hotCost`) plus the cold tier's index, above which the
    /// least used hot stores move to the cold tier. 0 (the default) turns the tier off.
    public var hotMemoryLimit: Int64 = 0
    /// A hot store nobody touched for this long moves to the cold tier even below the limit
    /// (it goes after between one and two of these). Zero: only the limit moves stores.
    public var coldAfter: Duration = .seconds(600)
    /// What one hot store costs in resident memory beyond its body: the table bucket, the
    /// 64-character ID, the record, the array header and the eviction clock's entry. Measured
    /// (`docs/performance.md`, "Memory"): ~370 B per store without the tier, +24 B clock entry.
    public var hotOverheadBytes: Int64 = 400

    public init() {}

    public var isEnabled: Bool { hotMemoryLimit > 0 }

    /// The resident cost of one hot store holding `storedLength` bytes.
    public func hotCost(storedLength: Int) -> Int64 {
        Int64(storedLength) + hotOverheadBytes
    }
}
