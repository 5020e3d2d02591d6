/// The bounds of one fault proxy. Every buffer the proxy keeps is limited by one of these.
public struct FaultProxyConfiguration: Sendable, Equatable {
    /// Largest request or answer body the proxy accepts (join snapshots are the big ones).
    /// A larger request resets the sender's connection; a larger answer resets both sides.
    public var maximumBodyBytes: Int = 64 * 1024 * 1024
    /// How many kept copies a `replay` rule retains per link; the oldest go first.
    public var maximumReplayCopies: Int = 16
    /// Messages queued on one sender connection; beyond this the connection is reset. `bbd`
    /// pipelines up to 256 replication requests on one connection (the reference sends one at
    /// a time), so the bound sits well above that: a lower one resets every busy stream and
    /// replication never catches up.
    public var maximumQueuedMessagesPerConnection: Int = 1024
    /// Open sender connections per link; beyond this new ones are closed at once.
    public var maximumConnections: Int = 1024
    /// Time allowed to connect to the upstream daemon.
    public var upstreamConnectTimeout: Duration = .seconds(2)
    /// How long an answer is awaited once nobody will read it: after the sender has gone, and
    /// for duplicate copies, reorder releases and replays sent on the proxy's own connection.
    public var abandonedAnswerTimeout: Duration = .seconds(30)

    public init() {}
}
