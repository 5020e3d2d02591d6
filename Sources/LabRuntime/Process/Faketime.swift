import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Wall-clock skew for one process with libfaketime, changeable while it runs.
///
/// How it is launched (checked on Debian's libfaketime 0.9.10; see DESIGN.md §7):
/// - `LD_PRELOAD=<libfaketime.so.1>` directly, not through the `faketime` wrapper. The wrapper
///   always sets `FAKETIME` itself (which wins over the timestamp file, so run-time changes would
///   be ignored) and forks, staying as the parent: the daemon would then be a grandchild that
///   loses PR_SET_PDEATHSIG, and SIGTERM would kill the wrapper before the daemon shuts down.
/// - `FAKETIME_SHARED` set to a placeholder pair of names. Without it, libfaketime's constructor
///   *adds* `FAKETIME_SHARED` to the environment; glibc then moves `environ`, and Swift (which
///   finds `argv` next to the original `environ`) sees an empty `CommandLine.arguments`. With a
///   placeholder present, libfaketime replaces the value in place (it creates its own
///   `/dev/shm/faketime_{sem,shm}_<pid>`, which the supervisor removes after the process ends).
/// - `FAKETIME` unset, `FAKETIME_TIMESTAMP_FILE=<offset file>` and `FAKETIME_NO_CACHE=1`: every
///   time call reads the file, so a new offset applies at once.
/// - `FAKETIME_DONT_FAKE_MONOTONIC=1`: only the wall clock is skewed; monotonic clocks stay real.
///
/// The offset file holds one line such as `+0`, `+3600s` or `-2.5s`: seconds relative to the real
/// clock, written atomically (a temporary file renamed over it).
public enum Faketime {
    /// Environment variable naming the library explicitly (otherwise the usual places are searched).
    public static let libraryEnvironmentVariable = "BBLAB_LIBFAKETIME"

    static let libraryCandidates = [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib64/faketime/libfaketime.so.1",
        "/usr/lib/faketime/libfaketime.so.1",
        "/usr/local/lib/faketime/libfaketime.so.1",
    ]

    /// The libfaketime shared library, or nil when it is not installed.
    public static func libraryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment[libraryEnvironmentVariable], !explicit.isEmpty {
            return FileManager.default.fileExists(atPath: explicit) ? explicit : nil
        }
        return libraryCandidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The offset file's text for `seconds` of skew: `+0`, `+3600s`, `-2.5s`, `+0.000001s`.
    public static func offsetText(seconds: Double) -> String {
        precondition(seconds.isFinite, "clock skew must be finite, got \(seconds)")
        if seconds == 0 { return "+0" }
        var digits = String(format: "%.6f", abs(seconds))
        while digits.hasSuffix("0") { digits.removeLast() }
        if digits.hasSuffix(".") { digits.removeLast() }
        return (seconds < 0 ? "-" : "+") + digits + "s"
    }

    /// The environment for a process launched through libfaketime: `base` plus the preload and
    /// the variables described above (`FAKETIME` itself removed).
    static func environment(base: [String: String], library: String, offsetFile: String) -> [String: String] {
        var result = base
        result["FAKETIME"] = nil
        if let preload = result["LD_PRELOAD"], !preload.isEmpty {
            result["LD_PRELOAD"] = preload + ":" + library
        } else {
            result["LD_PRELOAD"] = library
        }
        result["FAKETIME_TIMESTAMP_FILE"] = offsetFile
        result["FAKETIME_NO_CACHE"] = "1"
        result["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
        result["FAKETIME_SHARED"] = "/bblab_placeholder_sem /bblab_placeholder_shm"
        return result
    }

    /// Writes the offset file atomically.
    static func writeOffset(seconds: Double, to path: String) throws {
        try AtomicFile.write(Data((offsetText(seconds: seconds) + "\n").utf8), to: path)
    }

    /// Removes the semaphore and shared memory libfaketime created for `pid` (it cannot do so
    /// itself when killed). Call only while `pid` is still reserved (unreaped) or just reaped.
    static func removeSharedObjects(of pid: Int32) {
        unlink("/dev/shm/faketime_shm_\(pid)")
        unlink("/dev/shm/sem.faketime_sem_\(pid)")
    }
}
