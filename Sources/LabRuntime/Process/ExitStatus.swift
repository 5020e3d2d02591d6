/// How a child process ended, as `waitpid` reported it.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    /// It called `exit` with this code.
    case code(Int32)
    /// A signal ended it (SIGKILL is 9).
    case signal(Int32)
    /// Someone else reaped it (for example SIGCHLD set to SIG_IGN), so the status is lost.
    case unknown

    /// Decodes a `waitpid` status word (the WIFEXITED / WTERMSIG macros, which Swift cannot import).
    init(waitStatus status: Int32) {
        let low = status & 0x7f
        if low == 0 {
            self = .code((status >> 8) & 0xff)
        } else if low != 0x7f {
            self = .signal(low)
        } else {
            self = .unknown  // stopped: never asked for, never reported with WEXITED only
        }
    }

    public var description: String {
        switch self {
        case .code(let code): "exit code \(code)"
        case .signal(let signal): "signal \(signal) (\(signalName(signal)))"
        case .unknown: "unknown exit status"
        }
    }
}

/// A short name for a signal number, for messages.
func signalName(_ signal: Int32) -> String {
    let names: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
        8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE",
        14: "SIGALRM", 15: "SIGTERM", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP",
    ]
    return names[signal] ?? "signal \(signal)"
}
