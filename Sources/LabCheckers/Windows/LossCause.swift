/// Why an acknowledged write may be missing later, in the contract's terms (cluster.md §6, §7.3).
public enum LossCause: String, Sendable, Hashable, CaseIterable {
    /// Acknowledged by the old primary before the failover but not yet replicated: replication is
    /// asynchronous and fire-and-forget, so the new primary never had it.
    case asyncWindow = "async-window"
    /// Acknowledged by the losing side of a split brain (a lower-epoch PRIMARY while a
    /// higher-epoch one existed): it discards its state when it hears the higher epoch.
    case splitBrain = "split-brain"
    /// Nothing in the contract explains it: a bug.
    case unexplained
}
