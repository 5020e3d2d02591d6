/// Store memory as the contract counts it (stored bytes + 256 per store), globally and per
/// customer, and the two limits (`api.md` §9). A limit of 0 or less disables it.
public struct MemoryLedger {
    public let globalLimit: Int64
    public let customerQuota: Int64
    public private(set) var totalUsed: Int64 = 0
    private var usedByCustomer: [String: Int64] = [:]

    public init(globalLimit: Int64, customerQuota: Int64) {
        self.globalLimit = globalLimit
        self.customerQuota = customerQuota
    }

    public func used(by customerID: String) -> Int64 { usedByCustomer[customerID] ?? 0 }

    /// Checks whether `growth` more bytes fit: the customer's quota first, then the global
    /// limit. Shrinking (growth ≤ 0) always fits.
    public func admit(growth: Int64, customerID: String) -> APIError? {
        guard growth > 0 else { return nil }
        if customerQuota > 0, used(by: customerID) + growth > customerQuota { return .customerQuotaExceeded }
        if globalLimit > 0, totalUsed + growth > globalLimit { return .capacityExceeded }
        return nil
    }

    public mutating func charge(_ bytes: Int64, customerID: String) {
        totalUsed += bytes
        let updated = used(by: customerID) + bytes
        if updated == 0 {
            usedByCustomer.removeValue(forKey: customerID)
        } else {
            usedByCustomer[customerID] = updated
        }
    }

    public mutating func reset() {
        totalUsed = 0
        usedByCustomer.removeAll()
    }
}
