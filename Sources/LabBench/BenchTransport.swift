/// How the load generator drives its connections.
public enum BenchTransport: String, Sendable, Equatable, CaseIterable {
    /// SwiftNIO channels on `--threads` event loops (the default: measured the faster, see
    /// docs/performance.md).
    case nio
    /// One thread per connection with a blocking socket (for comparison; at most
    /// ``BenchConfiguration/maximumBlockingConnections`` connections).
    case threads
}
