/// A reading of a monotonic clock in nanoseconds from an arbitrary origin.
///
/// Leases, rate-limit refills and anything measured on one node use monotonic time, so a
/// wall-clock skew (the lab's libfaketime fault) cannot trigger or delay a failover.
public struct MonotonicTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static func < (left: MonotonicTime, right: MonotonicTime) -> Bool {
        left.nanoseconds < right.nanoseconds
    }

    public static func + (time: MonotonicTime, duration: Duration) -> MonotonicTime {
        MonotonicTime(nanoseconds: time.nanoseconds &+ duration.nanoseconds)
    }

    public static func - (left: MonotonicTime, right: MonotonicTime) -> Duration {
        .nanoseconds(left.nanoseconds &- right.nanoseconds)
    }

    public var description: String { "mono+\(nanoseconds)ns" }
}
