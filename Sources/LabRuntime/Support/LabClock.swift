#if canImport(Glibc)
    import Glibc
#endif

/// The lab's one clock: `CLOCK_MONOTONIC` nanoseconds since the run started. The monotonic
/// clock is system-wide, so every part of the lab (proxies, poller, workloads, the CLI in
/// another terminal, given the origin saved in the run folder) stamps events on the same axis.
public struct LabClock: Sendable {
    public let originNanoseconds: Int64

    public init(originNanoseconds: Int64 = LabClock.monotonicNanoseconds()) {
        self.originNanoseconds = originNanoseconds
    }

    /// Nanoseconds since the run started.
    public func now() -> Int64 { LabClock.monotonicNanoseconds() - originNanoseconds }

    public static func monotonicNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
