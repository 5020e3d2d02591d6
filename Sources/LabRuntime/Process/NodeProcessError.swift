/// Why the supervisor could not do what it was asked.
public enum NodeProcessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exec (or the chdir before it) failed in the child.
    case spawnFailed(executable: String, errno: Int32, reason: String)
    /// The log file could not be opened.
    case logFileUnavailable(path: String, reason: String)
    /// A file in the working folder could not be written.
    case fileWriteFailed(path: String, reason: String)
    /// `start()` while a process is still alive.
    case alreadyRunning(pid: Int32)
    /// `pause()` / `resume()` with no process alive.
    case notRunning(state: NodeProcessState)
    /// Clock skew asked for a process that is not launched through libfaketime.
    case clockSkewUnavailable(reason: String)

    public var description: String {
        switch self {
        case .spawnFailed(let executable, _, let reason): "cannot start \(executable): \(reason)"
        case .logFileUnavailable(let path, let reason): "cannot open the log file \(path): \(reason)"
        case .fileWriteFailed(let path, let reason): "cannot write \(path): \(reason)"
        case .alreadyRunning(let pid): "the process is already running (pid \(pid))"
        case .notRunning(let state): "no process is running (\(state))"
        case .clockSkewUnavailable(let reason): "clock skew unavailable: \(reason)"
        }
    }
}
