/// Everything measured in one window, by one load thread or (added up) by all of them.
public struct BenchMeasurement: Sendable {
    public let window: BenchWindow
    /// Indexed by ``BenchOperation/ordinal``. Inside a mix, each operation is recorded both
    /// under itself and under `mix`.
    public private(set) var statistics: [BenchOperationStatistics]
    /// Open loop: how late each operation's first request left after it was due (the load
    /// generator's own lag: if it grows, the tool, not the daemon, is the limit).
    public var sendLag = BenchLatencyHistogram()
    /// Open loop: operations due inside the window that were never sent (their connection was
    /// still waiting for an earlier answer when the run ended).
    public var unsentOperations = 0
    /// Requests in flight when the drain timeout closed their connection.
    public var unansweredAtEnd = 0

    public init(window: BenchWindow) {
        self.window = window
        self.statistics = Array(repeating: BenchOperationStatistics(), count: BenchOperation.allCases.count)
    }

    public func statistics(of operation: BenchOperation) -> BenchOperationStatistics {
        statistics[operation.ordinal]
    }

    /// Records one finished operation if the window counts it; `failureKey` nil is a success.
    @inline(__always)
    public mutating func record(
        _ operation: BenchOperation, inMix: Bool, failureKey: String?, requests: Int, startedAt: Int64,
        completedAt: Int64
    ) {
        guard window.contains(startedAt: startedAt, completedAt: completedAt) else { return }
        record(operation, failureKey: failureKey, requests: requests, latency: completedAt - startedAt)
        if inMix { record(.mix, failureKey: failureKey, requests: requests, latency: completedAt - startedAt) }
    }

    @inline(__always)
    private mutating func record(_ operation: BenchOperation, failureKey: String?, requests: Int, latency: Int64) {
        let index = operation.ordinal
        statistics[index].requests += requests
        if let failureKey {
            statistics[index].failuresByKey[failureKey, default: 0] += 1
        } else {
            statistics[index].successes += 1
            statistics[index].latency.record(nanoseconds: latency)
        }
    }

    public mutating func add(_ other: BenchMeasurement) {
        precondition(other.window == window, "measurements of different windows: \(window) and \(other.window)")
        for index in statistics.indices { statistics[index].add(other.statistics[index]) }
        sendLag.add(other.sendLag)
        unsentOperations += other.unsentOperations
        unansweredAtEnd += other.unansweredAtEnd
    }
}

extension BenchOperation {
    /// Position in `allCases`, for array-indexed statistics.
    public var ordinal: Int {
        switch self {
        case .snapshot: 0
        case .update: 1
        case .create: 2
        case .increment: 3
        case .modify: 4
        case .mix: 5
        }
    }
}
