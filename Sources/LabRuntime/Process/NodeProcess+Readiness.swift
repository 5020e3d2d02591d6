import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why a process did not become ready.
public struct ReadinessFailure: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The process ended before answering (a program that is not a daemon, a bad flag, a crash).
        case exited(ExitStatus?)
        /// Still alive but `/status` did not answer 200 in time; the last attempt's outcome.
        case timedOut(lastAttempt: String)
    }

    public var reason: Reason
    public var executable: String
    public var socketPath: String
    /// The end of the process's log, for the message.
    public var lastLogLines: String

    public var description: String {
        switch reason {
        case .exited(let status):
            "--bbd \(executable) is not a daemon or exited at once (\(status.map { "\($0)" } ?? "exit status unknown")): "
                + "\(lastLogLines)"
        case .timedOut(let lastAttempt):
            "\(executable) did not answer GET /status on \(socketPath) in time (last attempt: \(lastAttempt)): "
                + "\(lastLogLines)"
        }
    }
}

extension NodeProcess {
    /// Polls `GET /status` on the process's Unix socket until it answers 200. Fails at once,
    /// with the last lines of the log, if the process ends first; fails after `timeout` otherwise.
    public func waitUntilReady(
        socketPath: String, timeout: Duration = .seconds(15), pollInterval: Duration = .milliseconds(20)
    ) throws {
        let deadline = ContinuousClock.now + timeout
        var lastAttempt = "no attempt"
        while true {
            let current = state
            if !current.isAlive {
                if case .exited(let status) = current {
                    throw failure(.exited(status), socketPath: socketPath)
                }
                throw failure(.exited(exitStatus), socketPath: socketPath)
            }
            do {
                let response = try UnixSocketHTTP.get(
                    socketPath: socketPath, path: "/status", timeout: min(.seconds(2), timeout))
                if response.status == 200 { return }
                lastAttempt = "HTTP \(response.status)"
            } catch {
                lastAttempt = "\(error)"
            }
            if ContinuousClock.now >= deadline {
                // A process that died during the last attempt is reported as such.
                if !state.isAlive { continue }
                throw failure(.timedOut(lastAttempt: lastAttempt), socketPath: socketPath)
            }
            // Wake early if the process ends.
            if waitForExit(timeout: pollInterval) != nil { continue }
        }
    }

    private func failure(_ reason: ReadinessFailure.Reason, socketPath: String) -> ReadinessFailure {
        ReadinessFailure(
            reason: reason, executable: configuration.executablePath, socketPath: socketPath,
            lastLogLines: LogTail.lastLines(of: configuration.logFilePath))
    }
}
