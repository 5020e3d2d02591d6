/// The figures of one operation in one window: what the tables and the JSON show.
public struct BenchOperationFigures: Sendable, Equatable {
    public var operation: BenchOperation
    public var successes: Int
    public var failuresByKey: [String: Int]
    public var requests: Int
    public var operationsPerSecond: Double
    public var latency: BenchLatencySummary

    public init(
        operation: BenchOperation, successes: Int, failuresByKey: [String: Int], requests: Int,
        operationsPerSecond: Double, latency: BenchLatencySummary
    ) {
        self.operation = operation
        self.successes = successes
        self.failuresByKey = failuresByKey
        self.requests = requests
        self.operationsPerSecond = operationsPerSecond
        self.latency = latency
    }

    public init(operation: BenchOperation, statistics: BenchOperationStatistics, window: Duration) {
        let seconds = window.secondsValue
        self.init(
            operation: operation, successes: statistics.successes, failuresByKey: statistics.failuresByKey,
            requests: statistics.requests, operationsPerSecond: (Double(statistics.successes) / seconds).rounded(),
            latency: statistics.latency.summary)
    }

    public var failures: Int { failuresByKey.values.reduce(0, +) }

    /// `409 StoreLocked: 3, transport: eof: 1`, most frequent first; `-` when none.
    public var failureText: String {
        guard !failuresByKey.isEmpty else { return "-" }
        return failuresByKey.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key): \($0.value)" }
            .joined(separator: ", ")
    }
}
