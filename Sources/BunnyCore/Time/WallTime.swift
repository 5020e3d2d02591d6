/// A wall-clock instant: nanoseconds since the Unix epoch (UTC).
///
/// Store expiries, lock hold times and replication timestamps are wall-clock values because
/// they travel between nodes (`internal-protocol.md` §4). The zero value means "unset" — on the
/// wire it is `0001-01-01T00:00:00Z`, and for a store expiry it means "never expires".
public struct WallTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanosecondsSinceEpoch: Int64

    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    public static let unset = WallTime(nanosecondsSinceEpoch: 0)

    public var isUnset: Bool { nanosecondsSinceEpoch == 0 }

    public static func < (left: WallTime, right: WallTime) -> Bool {
        left.nanosecondsSinceEpoch < right.nanosecondsSinceEpoch
    }

    /// Adds a duration, saturating at the ends of the 64-bit range instead of wrapping
    /// (the reference wraps on huge TTLs; we clamp, `api.md` §8).
    public static func + (time: WallTime, duration: Duration) -> WallTime {
        let (sum, overflow) = time.nanosecondsSinceEpoch.addingReportingOverflow(duration.nanoseconds)
        if overflow { return WallTime(nanosecondsSinceEpoch: duration.nanoseconds > 0 ? .max : .min) }
        return WallTime(nanosecondsSinceEpoch: sum)
    }

    public static func - (left: WallTime, right: WallTime) -> Duration {
        let (difference, overflow) = left.nanosecondsSinceEpoch.subtractingReportingOverflow(
            right.nanosecondsSinceEpoch)
        if overflow { return .nanoseconds(left > right ? Int64.max : Int64.min) }
        return .nanoseconds(difference)
    }

    public var description: String { "wall+\(nanosecondsSinceEpoch)ns" }
}
