/// How a partitioned link direction fails. A partition overrides every rule of the
/// specification and applies to all message classes.
public enum PartitionMode: String, Codable, Sendable, CaseIterable, Hashable {
    /// New connections are closed at once with a reset (the closest a listening proxy gets to
    /// "connection refused"), and the connections already open are reset when the partition
    /// starts. The sender fails fast.
    case refuse
    /// Connections are accepted, and nothing is delivered in either direction: requests are
    /// swallowed, and answers still on their way back are swallowed too. The sender times out.
    case blackhole
    /// Connections work, but every request is swallowed and never answered; answers to requests
    /// sent before the partition still arrive. The sender times out.
    case drop
}
