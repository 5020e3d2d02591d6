/// How the load generator drives its connections.
public enum BenchTransport: String, Sendable, Equatable, CaseIterable {
    /// `threads` up to ``BenchConfiguration/maximumBlockingConnections`` connections, `nio`
    /// above.
    case auto
    /// One thread per connection with a blocking socket: measured the faster on this machine
    /// kind, against `udsecho` and `bbd` alike, and as fast as `udsload` (docs/performance.md).
    case threads
    /// SwiftNIO channels on `--threads` event loops: for more connections than threads can carry.
    case nio

    /// What `auto` resolves to for `connections`.
    public func resolved(connections: Int) -> BenchTransport {
        guard self == .auto else { return self }
        return connections <= BenchConfiguration.maximumBlockingConnections ? .threads : .nio
    }
}
