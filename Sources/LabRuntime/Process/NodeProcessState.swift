/// Where a supervised process is in its life.
public enum NodeProcessState: Sendable, Equatable, CustomStringConvertible {
    /// `start()` has not been called yet.
    case notStarted
    /// Alive and not stopped by the lab.
    case running
    /// Stopped by `pause()` (SIGSTOP to its process group) until `resume()`.
    case paused
    /// It ended on its own (or from a signal the lab did not send with `kill()`), and was reaped.
    case exited(ExitStatus)
    /// The lab killed it with `kill()` (SIGKILL to its process group), and it was reaped.
    case killed

    /// Running or paused: a process exists (it may be a zombie about to be reaped).
    public var isAlive: Bool {
        switch self {
        case .running, .paused: true
        case .notStarted, .exited, .killed: false
        }
    }

    public var description: String {
        switch self {
        case .notStarted: "not started"
        case .running: "running"
        case .paused: "paused"
        case .exited(let status): "exited (\(status))"
        case .killed: "killed"
        }
    }
}
