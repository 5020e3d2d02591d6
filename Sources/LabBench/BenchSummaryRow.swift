/// One operation against one target over all its rounds: medians of each figure, failures
/// added up.
public struct BenchSummaryRow: Sendable, Equatable {
    public var operation: BenchOperation
    public var targetIndex: Int
    public var target: String
    public var rounds: Int
    public var connections: Int
    public var medianOperationsPerSecond: Double
    /// The median of each percentile across rounds (not a percentile of the merged rounds:
    /// rounds on a noisy machine are separate samples).
    public var medianLatency: BenchLatencySummary
    public var successes: Int
    public var failuresByKey: [String: Int]

    /// Rows in the order operations, then targets, appear in `results`.
    public static func rows(_ results: [BenchRunResult]) -> [BenchSummaryRow] {
        var order: [(BenchOperation, Int)] = []
        for result in results where !order.contains(where: { $0 == (result.operation, result.targetIndex) }) {
            order.append((result.operation, result.targetIndex))
        }
        return order.map { operation, targetIndex in
            let runs = results.filter { $0.operation == operation && $0.targetIndex == targetIndex }
            let latencies = runs.map(\.figures.latency)
            var failures: [String: Int] = [:]
            for run in runs { failures.merge(run.figures.failuresByKey, uniquingKeysWith: +) }
            return BenchSummaryRow(
                operation: operation, targetIndex: targetIndex, target: runs[0].target, rounds: runs.count,
                connections: runs[0].connections,
                medianOperationsPerSecond: median(runs.map(\.figures.operationsPerSecond)),
                medianLatency: BenchLatencySummary(
                    count: latencies.map(\.count).reduce(0, +), p50: median(latencies.map(\.p50)),
                    p90: median(latencies.map(\.p90)), p99: median(latencies.map(\.p99)),
                    p999: median(latencies.map(\.p999)), max: median(latencies.map(\.max)),
                    mean: median(latencies.map(\.mean))),
                successes: runs.map(\.figures.successes).reduce(0, +), failuresByKey: failures)
        }
    }

    /// The middle value; the mean of the two middle values for an even count; 0 for none.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
