/// `--vs`: one operation, the two targets' medians and B / A. A ratio above 1 means B is
/// faster for operations per second, slower for latencies.
public struct BenchComparisonRow: Sendable, Equatable {
    public var operation: BenchOperation
    public var baseline: BenchSummaryRow
    public var candidate: BenchSummaryRow

    public var operationsPerSecondRatio: Double? {
        Self.ratio(candidate.medianOperationsPerSecond, baseline.medianOperationsPerSecond)
    }
    public var p50Ratio: Double? { Self.ratio(candidate.medianLatency.p50, baseline.medianLatency.p50) }
    public var p99Ratio: Double? { Self.ratio(candidate.medianLatency.p99, baseline.medianLatency.p99) }

    /// Pairs the rows of target 0 (A) and target 1 (B) operation by operation.
    public static func rows(_ summary: [BenchSummaryRow]) -> [BenchComparisonRow] {
        summary.filter { $0.targetIndex == 0 }.compactMap { baseline in
            guard let candidate = summary.first(where: { $0.targetIndex == 1 && $0.operation == baseline.operation })
            else { return nil }
            return BenchComparisonRow(operation: baseline.operation, baseline: baseline, candidate: candidate)
        }
    }

    /// `value / reference`, or nil when the reference is 0.
    static func ratio(_ value: Double, _ reference: Double) -> Double? {
        reference > 0 ? value / reference : nil
    }
}
