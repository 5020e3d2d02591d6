/// Closed loop: each connection sends its next request as soon as the previous answer has
/// been read (throughput is what the daemon sustains). Open loop: requests are due at a fixed
/// total rate, spread evenly over the connections, and latency is measured from the time a
/// request was *due*, so a stall is charged for every request it delayed (no coordinated
/// omission).
public enum BenchMode: Sendable, Equatable {
    case closedLoop
    /// Total operations per second over all connections.
    case openLoop(operationsPerSecond: Double)

    public var name: String {
        switch self {
        case .closedLoop: "closed"
        case .openLoop: "open"
        }
    }
}
