/// How a `BunnyClient` reaches the daemon.
public struct BunnyClientConfiguration: Sendable {
    /// The daemon's Unix socket (`--uds`).
    public var unixSocketPath: String
    /// At most this many keep-alive connections are open at once; each carries one request at a time.
    /// The CLI uses 1; a load generator wants about as many as it has requests in flight.
    public var maximumConnections: Int
    /// Bound on one request, from the call until the whole answer is read: waiting for a free
    /// connection, connecting, writing and reading all count.
    public var requestTimeout: Duration

    public init(
        unixSocketPath: String = "/tmp/bbd.sock", maximumConnections: Int = 1, requestTimeout: Duration = .seconds(5)
    ) {
        precondition(maximumConnections >= 1, "a client needs at least one connection")
        self.unixSocketPath = unixSocketPath
        self.maximumConnections = maximumConnections
        self.requestTimeout = requestTimeout
    }
}
