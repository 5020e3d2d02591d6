/// The flags of `bblab bench` as typed, before validation (``BenchConfiguration/init(_:)``).
/// Durations and lists are text here so that every problem gets the same kind of message.
public struct BenchArguments: Sendable, Equatable {
    public var daemonPath: String?
    public var comparedDaemonPath: String?
    public var socketPath: String?
    public var pair = false
    public var operations = "snapshot,update,create,increment,modify,mix"
    public var connections = 16
    /// Total operations per second for open loop; 0 (or absent) for closed loop.
    public var rate: Double = 0
    public var duration = "10s"
    public var warmup = "2s"
    public var stores = 1000
    public var bodyBytes = 100
    public var rounds: Int?
    public var threads = 1
    public var transport = "auto"
    public var drainTimeout = "2s"
    public var customer = "bench"

    public init() {}
}
