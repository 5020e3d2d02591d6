/// What one operation did inside the measured window: successes with their latencies,
/// failures by key (`409 StoreLocked`, `begin-modify 503 JoinSyncing`, `transport: …`), and
/// the HTTP requests it took.
public struct BenchOperationStatistics: Sendable {
    public var successes = 0
    public var failuresByKey: [String: Int] = [:]
    public var requests = 0
    public var latency = BenchLatencyHistogram()

    public init() {}

    public var failures: Int { failuresByKey.values.reduce(0, +) }

    public mutating func add(_ other: BenchOperationStatistics) {
        successes += other.successes
        requests += other.requests
        latency.add(other.latency)
        for (key, count) in other.failuresByKey { failuresByKey[key, default: 0] += count }
    }
}
