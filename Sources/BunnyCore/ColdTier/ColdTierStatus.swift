/// The cold tier's figures for `/status` and `/metrics` (present only with the tier on).
public struct ColdTierStatus: Equatable, Sendable {
    public var hotStoreCount: Int
    public var coldStoreCount: Int
    /// Hot store memory as `ColdTierSettings.hotCost` counts it, plus the tier's index.
    public var hotMemoryBytes: Int64
    public var hotMemoryLimit: Int64
    public var coldIndexBytes: Int64
    public var promotions: UInt64
    public var evictions: UInt64
    public var idleEvictions: UInt64
    public var evictionFailures: UInt64

    public init(
        hotStoreCount: Int, coldStoreCount: Int, hotMemoryBytes: Int64, hotMemoryLimit: Int64,
        coldIndexBytes: Int64, promotions: UInt64, evictions: UInt64, idleEvictions: UInt64,
        evictionFailures: UInt64
    ) {
        self.hotStoreCount = hotStoreCount
        self.coldStoreCount = coldStoreCount
        self.hotMemoryBytes = hotMemoryBytes
        self.hotMemoryLimit = hotMemoryLimit
        self.coldIndexBytes = coldIndexBytes
        self.promotions = promotions
        self.evictions = evictions
        self.idleEvictions = idleEvictions
        self.evictionFailures = evictionFailures
    }
}
