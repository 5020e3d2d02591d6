/// A modify lock (`api.md` §7). At most one per store.
public struct StoreLock: Equatable, Sendable {
    public var lockID: String
    /// When it was granted, on the granting primary's wall clock (replicated as-is).
    public var heldSince: WallTime
    public var timeout: Duration

    public init(lockID: String, heldSince: WallTime, timeout: Duration) {
        self.lockID = lockID
        self.heldSince = heldSince
        self.timeout = timeout
    }

    /// Expired when strictly more than `timeout` has elapsed since it was granted.
    public func isExpired(at now: WallTime) -> Bool {
        now - heldSince > timeout
    }
}
