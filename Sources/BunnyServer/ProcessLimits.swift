#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

enum ProcessLimits {
    /// Raises the open-file limit to its hard maximum so one node can hold 10 000 connections.
    /// Returns the limit in force afterwards.
    @discardableResult
    static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }

    /// Runs `body` with a umask that makes new files owner-only, so the socket is never
    /// briefly reachable by others before its mode is set.
    static func withOwnerOnlyUmask<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = umask(0o177)
        defer { umask(previous) }
        return try body()
    }

    static func setOwnerOnlyMode(path: String) {
        _ = chmod(path, 0o600)
    }
}
