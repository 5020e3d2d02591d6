/// The measured window of one run, on the monotonic clock in nanoseconds. Operations outside
/// it (the warm-up, answers drained after the end) are not counted anywhere.
///
/// Closed loop counts an operation when it *completes* inside `[start, end]`: operations per
/// second is then what the daemon answered in the window. Open loop counts it when it was *due*
/// inside `[start, end)`: every operation the schedule asked for in the window is counted,
/// however late its answer, so a stall cannot hide by delaying the requests behind it.
public struct BenchWindow: Sendable, Equatable {
    public var startNanoseconds: Int64
    public var endNanoseconds: Int64
    public var countsByDueTime: Bool

    public init(startNanoseconds: Int64, endNanoseconds: Int64, countsByDueTime: Bool) {
        precondition(endNanoseconds > startNanoseconds, "an empty window: \(startNanoseconds)…\(endNanoseconds)")
        self.startNanoseconds = startNanoseconds
        self.endNanoseconds = endNanoseconds
        self.countsByDueTime = countsByDueTime
    }

    public var duration: Duration { .nanoseconds(endNanoseconds - startNanoseconds) }

    @inline(__always)
    public func contains(startedAt: Int64, completedAt: Int64) -> Bool {
        countsByDueTime
            ? startedAt >= startNanoseconds && startedAt < endNanoseconds
            : completedAt >= startNanoseconds && completedAt <= endNanoseconds
    }
}
