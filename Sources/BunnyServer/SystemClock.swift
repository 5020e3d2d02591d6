#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import BunnyCore

/// Reads both clocks for the core. Wall time is `CLOCK_REALTIME` (what libfaketime skews in the
/// lab); monotonic time is `CLOCK_MONOTONIC` (what leases and rate limits use).
public enum SystemClock {
    public static func now() -> Moment {
        Moment(wall: wallNow(), monotonic: monotonicNow())
    }

    public static func wallNow() -> WallTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return WallTime(nanosecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }

    public static func monotonicNow() -> MonotonicTime {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicTime(nanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }
}
