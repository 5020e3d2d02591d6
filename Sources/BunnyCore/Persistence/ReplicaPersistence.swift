/// A replica's persistence bookkeeping, present only when the daemon runs with a data
/// directory (`Replica.persistence`).
public final class ReplicaPersistence {
    /// Keys changed since the last batch was taken.
    public let journal = ChangeJournal()
    /// The standing last handed to the writer (or restored from disk): what this node
    /// reports while it is neither PRIMARY nor SECONDARY.
    public internal(set) var lastWrittenStanding: DurableStanding?
    /// Set by a restore with data: the node must compare its standing with its peer's before
    /// it takes any role (`Replica.onDiscovery(_:peerStandings:at:)`). Cleared once it has one.
    public internal(set) var isAwaitingRestoredDecision = false

    public init() {}
}
