import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A few fields of `/proc/<pid>/stat`, as the kernel sees a process right now.
public struct ProcessStat: Sendable, Equatable {
    /// One letter: `R` running, `S` sleeping, `D` disk wait, `T` stopped, `Z` zombie, …
    public var state: Character
    public var parentPID: Int32
    public var processGroup: Int32
    /// Clock ticks since boot when the process started: with the pid, it names one process
    /// even after the pid is reused.
    public var startTime: UInt64

    /// Reads `/proc/<pid>/stat`; nil if there is no such process (or no /proc).
    public static func read(pid: Int32) -> ProcessStat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(text)
    }

    /// Parses the stat line. The command name (field 2) may hold spaces and parentheses, so
    /// fields are counted from the last `)`.
    static func parse(_ text: String) -> ProcessStat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        guard fields.count > 19, let state = fields[0].first, let parent = Int32(fields[1]),
            let group = Int32(fields[2]), let start = UInt64(fields[19])
        else { return nil }
        return ProcessStat(state: state, parentPID: parent, processGroup: group, startTime: start)
    }

    /// True when the process is gone or only a zombie waiting to be reaped.
    public static func isGoneOrZombie(pid: Int32) -> Bool {
        guard let stat = read(pid: pid) else { return true }
        return stat.state == "Z" || stat.state == "X"
    }
}
