import Histogram

/// Latencies in nanoseconds in an HdrHistogram: 3 significant digits from 1 ns to 2 minutes
/// (longer values are recorded as 2 minutes: a bench run never waits that long for an answer).
/// Fixed size (about 220 KB, allocated at the first value: most operations of a run record
/// nothing), no allocation per value; histograms of several connections or threads add up.
public struct BenchLatencyHistogram: Sendable {
    public private(set) var histogram: Histogram<UInt64>?

    public static let highestTrackableNanoseconds: UInt64 = 120_000_000_000

    public init() {}

    static func makeHistogram() -> Histogram<UInt64> {
        Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableNanoseconds,
            numberOfSignificantValueDigits: .three)
    }

    public var count: Int { Int(histogram?.totalCount ?? 0) }

    /// Records one latency; negative values (a clock that cannot go back, but a due time in
    /// the future) count as 0.
    @inline(__always)
    public mutating func record(nanoseconds: Int64) {
        let value = Swift.min(UInt64(clamping: nanoseconds), Self.highestTrackableNanoseconds)
        if histogram == nil { histogram = Self.makeHistogram() }
        histogram!.record(value)
    }

    public mutating func add(_ other: BenchLatencyHistogram) {
        guard let added = other.histogram, added.totalCount > 0 else { return }
        if histogram == nil { histogram = Self.makeHistogram() }
        histogram!.add(added)
    }

    public var summary: BenchLatencySummary {
        guard let histogram, histogram.totalCount > 0 else { return .empty }
        func microseconds(_ nanoseconds: UInt64) -> Double { (Double(nanoseconds) / 100).rounded() / 10 }
        return BenchLatencySummary(
            count: count, p50: microseconds(histogram.valueAtPercentile(50)),
            p90: microseconds(histogram.valueAtPercentile(90)), p99: microseconds(histogram.valueAtPercentile(99)),
            p999: microseconds(histogram.valueAtPercentile(99.9)), max: microseconds(histogram.max),
            mean: (histogram.mean / 100).rounded() / 10)
    }
}
