import Histogram

/// Latencies in nanoseconds in an HdrHistogram: 3 significant digits from 1 ns to 2 minutes
/// (longer values are recorded as 2 minutes: a bench run never waits that long for an answer).
/// Fixed size, no allocation per value; histograms of several connections or threads add up.
public struct BenchLatencyHistogram: Sendable {
    public private(set) var histogram: Histogram<UInt64>

    public static let highestTrackableNanoseconds: UInt64 = 120_000_000_000

    public init() {
        histogram = Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: Self.highestTrackableNanoseconds,
            numberOfSignificantValueDigits: .three)
    }

    public var count: Int { Int(histogram.totalCount) }

    /// Records one latency; negative values (a clock that cannot go back, but a due time in
    /// the future) count as 0.
    @inline(__always)
    public mutating func record(nanoseconds: Int64) {
        let value = UInt64(clamping: nanoseconds)
        histogram.record(Swift.min(value, Self.highestTrackableNanoseconds))
    }

    public mutating func add(_ other: BenchLatencyHistogram) {
        guard other.count > 0 else { return }
        histogram.add(other.histogram)
    }

    public var summary: BenchLatencySummary {
        guard count > 0 else { return .empty }
        func microseconds(_ nanoseconds: UInt64) -> Double { (Double(nanoseconds) / 100).rounded() / 10 }
        return BenchLatencySummary(
            count: count, p50: microseconds(histogram.valueAtPercentile(50)),
            p90: microseconds(histogram.valueAtPercentile(90)), p99: microseconds(histogram.valueAtPercentile(99)),
            p999: microseconds(histogram.valueAtPercentile(99.9)), max: microseconds(histogram.max),
            mean: (histogram.mean / 100).rounded() / 10)
    }
}
