import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One supervised child process (normally a `bbd`), with the faults the lab applies to it:
/// kill -9, pause / resume, restart, wall-clock skew, and a graceful terminate.
///
/// Every start goes through `lab_spawn` on the lab's spawner thread: a new process group (so
/// signals reach anything the child starts), PR_SET_PDEATHSIG(SIGKILL) (so it dies with the
/// lab), output appended to the log file. Each start gets one waiter thread blocked in
/// `waitid(P_PID, pid, WEXITED | WNOWAIT)` on that pid only — never `waitpid(-1)`, so the exit
/// statuses of processes started by others in this process (Foundation `Process`) are left
/// alone. When the child ends, the waiter (holding the lock, while the zombie still pins the pid
/// and the group id) kills what is left of its process group, then reaps it. Signals are sent
/// only under the lock and only while the child is unreaped, so a reused pid is never signalled.
///
/// All methods are thread-safe. The blocking ones (`kill`, `restart`, `terminate`,
/// `waitForExit`, `waitUntilReady`) wait on real processes, each with a bound.
public final class NodeProcess: @unchecked Sendable {
    public let configuration: NodeProcessConfiguration
    private let registry: ProcessGroupRegistry?

    private let condition = NSCondition()
    private var currentPID: Int32?
    private var currentState: NodeProcessState = .notStarted
    private var lastExitStatus: ExitStatus?
    private var killRequested = false
    /// Set when the lab sent SIGTERM: the exit that follows is asked for, not a crash.
    private var terminationRequested = false
    private var generation = 0
    private var skewSeconds: Double = 0

    /// How long `kill()` waits for the reap of a SIGKILLed process (only a process stuck in the
    /// kernel takes longer).
    static let reapBound: Duration = .seconds(10)

    /// Creates the supervisor of one process (nothing starts yet). With a registry, every start
    /// and exit is recorded there (and in its pids file), and `terminateAll()` covers it.
    public init(configuration: NodeProcessConfiguration, registry: ProcessGroupRegistry? = nil) {
        self.configuration = configuration
        self.registry = registry
        registry?.register(self)
    }

    /// The pid of the current process, or of the last one once it has ended; nil before a start.
    public var pid: Int32? { locked { currentPID } }

    public var state: NodeProcessState { locked { currentState } }

    /// How the last process ended; nil while it runs (or before the first start).
    public var exitStatus: ExitStatus? { locked { currentState.isAlive ? nil : lastExitStatus } }

    /// How many times a process was started (restarts included).
    public var startCount: Int { locked { startCountStorage } }
    private var startCountStorage = 0

    /// How many processes ended on their own (not by `kill()` or `terminate`): crashes, for a
    /// daemon. A restart after a crash does not reset it.
    public var unexpectedExitCount: Int { locked { unexpectedExitCountStorage } }
    private var unexpectedExitCountStorage = 0

    /// The wall-clock skew in seconds last set with `setClockSkew` (0 at first).
    public var clockSkew: Double { locked { skewSeconds } }

    /// What the kernel says about the current process (state letter `T` when paused); nil when
    /// there is none.
    public var kernelStat: ProcessStat? {
        locked { currentState.isAlive ? currentPID.flatMap { ProcessStat.read(pid: $0) } : nil }
    }

    // MARK: Start

    /// Starts the process. Throws if one is already alive, if the log cannot be opened, if
    /// libfaketime is asked for but missing, or if the exec fails (errno in the error).
    public func start() throws {
        condition.lock()
        defer { condition.unlock() }
        if currentState.isAlive, let pid = currentPID { throw NodeProcessError.alreadyRunning(pid: pid) }

        let folder = configuration.workingFolder
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw NodeProcessError.fileWriteFailed(path: folder, reason: "\(error)")
        }
        var environment = configuration.inheritsEnvironment ? ProcessInfo.processInfo.environment : [:]
        if configuration.launchesThroughFaketime {
            environment = environment.filter { !$0.key.hasPrefix("FAKETIME") }  // the lab's own, if any
        }
        environment.merge(configuration.environment) { _, added in added }
        if configuration.launchesThroughFaketime {
            guard let library = Faketime.libraryPath() else {
                throw NodeProcessError.clockSkewUnavailable(
                    reason: "libfaketime is not installed (apt-get install faketime), needed to start "
                        + configuration.name)
            }
            try Faketime.writeOffset(seconds: skewSeconds, to: configuration.clockOffsetFilePath)
            environment = Faketime.environment(
                base: environment, library: library, offsetFile: configuration.clockOffsetFilePath)
        }

        let log = open(configuration.logFilePath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard log >= 0 else {
            throw NodeProcessError.logFileUnavailable(
                path: configuration.logFilePath, reason: String(cString: strerror(errno)))
        }
        defer { close(log) }
        let number = startCountStorage + 1
        Self.appendSeparator(
            to: log, path: configuration.logFilePath,
            text: "=== bblab: start \(number) of \(configuration.name) at \(Self.timestamp()): "
                + ([configuration.executablePath] + CommandLineRedaction.redacted(configuration.arguments))
                .joined(separator: " ")
                + (configuration.launchesThroughFaketime
                    ? " (libfaketime, skew \(Faketime.offsetText(seconds: skewSeconds)))" : "")
                + " ===")

        let result = SpawnThread.shared.spawn(
            executable: configuration.executablePath,
            arguments: [configuration.executablePath] + configuration.arguments,
            environment: environment, streams: .log(log), workingDirectory: folder)
        switch result {
        case .failure(let error):
            Self.appendSeparator(
                to: log, path: configuration.logFilePath, text: "=== bblab: cannot start: \(error.message) ===")
            throw NodeProcessError.spawnFailed(
                executable: configuration.executablePath, errno: error.code, reason: error.message)
        case .success(let pid):
            generation += 1
            startCountStorage = number
            currentPID = pid
            currentState = .running
            lastExitStatus = nil
            killRequested = false
            terminationRequested = false
            let startTime = ProcessStat.read(pid: pid)?.startTime
            registry?.processStarted(
                RecordedProcess(
                    name: configuration.name, pid: pid, processGroup: pid, startTime: startTime,
                    executable: configuration.executablePath, arguments: configuration.arguments))
            let watchedGeneration = generation
            let thread = Thread { [self] in self.watch(pid: pid, generation: watchedGeneration) }
            thread.name = "bblab-wait-\(pid)"
            thread.start()
        }
    }

    /// The waiter of one child: blocks until it ends, then cleans up and reaps it.
    private func watch(pid: Int32, generation watchedGeneration: Int) {
        var information = siginfo_t()
        var waitError: Int32 = 0
        while waitid(P_PID, id_t(pid), &information, WEXITED | WNOWAIT) != 0 {
            if errno == EINTR { continue }
            waitError = errno  // ECHILD: reaped elsewhere (SIGCHLD ignored?)
            break
        }
        condition.lock()
        var status = ExitStatus.unknown
        if waitError == 0 {
            // The zombie still pins the pid and the group id: nothing can have reused them.
            Glibc.kill(-pid, SIGKILL)  // whatever the child left running in its group
            if configuration.launchesThroughFaketime { Faketime.removeSharedObjects(of: pid) }
            var word: Int32 = 0
            while true {
                let reaped = waitpid(pid, &word, 0)
                if reaped == pid {
                    status = ExitStatus(waitStatus: word)
                    break
                }
                if reaped < 0 && errno == EINTR { continue }
                break
            }
        }
        if watchedGeneration == generation {
            lastExitStatus = status
            if killRequested, case .signal(SIGKILL) = status {
                currentState = .killed
            } else {
                currentState = .exited(status)
                if !terminationRequested { unexpectedExitCountStorage += 1 }
            }
        }
        // Recorded before anyone waiting on the exit wakes up (lock order: node, then registry).
        registry?.processExited(pid: pid)
        condition.broadcast()
        condition.unlock()
    }

    // MARK: Faults

    /// SIGKILL to the process group, then waits (bounded) until the waiter has reaped it.
    /// Nothing happens when no process is alive.
    public func kill() {
        condition.lock()
        defer { condition.unlock() }
        guard currentState.isAlive, let pid = currentPID else { return }
        killRequested = true
        Glibc.kill(-pid, SIGKILL)
        Glibc.kill(pid, SIGKILL)
        waitWhileAlive(until: .now + Self.reapBound)
    }

    /// SIGSTOP to the process group; waits (up to a second) until the kernel shows it stopped.
    /// Pausing a paused process does nothing.
    public func pause() throws {
        condition.lock()
        defer { condition.unlock() }
        guard let pid = currentPID, currentState.isAlive else { throw NodeProcessError.notRunning(state: currentState) }
        if currentState == .paused { return }
        Glibc.kill(-pid, SIGSTOP)
        currentState = .paused
        let deadline = ContinuousClock.now + .seconds(1)
        while ProcessStat.read(pid: pid).map({ $0.state != "T" && $0.state != "t" && $0.state != "Z" }) == true,
            ContinuousClock.now < deadline
        {
            usleep(1_000)
        }
    }

    /// SIGCONT to the process group. Resuming a running process does nothing.
    public func resume() throws {
        condition.lock()
        defer { condition.unlock() }
        guard let pid = currentPID, currentState.isAlive else { throw NodeProcessError.notRunning(state: currentState) }
        if currentState == .running { return }
        Glibc.kill(-pid, SIGCONT)
        currentState = .running
    }

    /// Kills the process if it is alive, then starts it again with the same configuration (and
    /// the same clock skew).
    public func restart() throws {
        kill()
        try start()
    }

    /// SIGTERM to the process group (and SIGCONT if paused, so it can act on it), waits up to
    /// `grace` for it to end, then SIGKILL. Returns how it ended (nil only if even SIGKILL did
    /// not end it within the reap bound).
    @discardableResult
    public func terminate(grace: Duration) -> ExitStatus? {
        condition.lock()
        defer { condition.unlock() }
        guard currentState.isAlive else { return lastExitStatus }
        sendTerminationSignalLocked()
        waitWhileAlive(until: .now + grace)
        if currentState.isAlive, let pid = currentPID {
            killRequested = true
            Glibc.kill(-pid, SIGKILL)
            Glibc.kill(pid, SIGKILL)
            waitWhileAlive(until: .now + Self.reapBound)
        }
        return currentState.isAlive ? nil : lastExitStatus
    }

    /// SIGTERM (plus SIGCONT when paused) without waiting: for terminating many at once.
    func sendTerminationSignal() {
        condition.lock()
        defer { condition.unlock() }
        if currentState.isAlive { sendTerminationSignalLocked() }
    }

    private func sendTerminationSignalLocked() {
        guard let pid = currentPID else { return }
        terminationRequested = true
        Glibc.kill(-pid, SIGTERM)
        if currentState == .paused {
            Glibc.kill(-pid, SIGCONT)
            currentState = .running
        }
    }

    /// Waits until no process is alive, for at most `timeout`. Returns how it ended, or nil if
    /// it is still alive (or was never started).
    @discardableResult
    public func waitForExit(timeout: Duration) -> ExitStatus? {
        condition.lock()
        defer { condition.unlock() }
        waitWhileAlive(until: .now + timeout)
        return currentState.isAlive ? nil : lastExitStatus
    }

    /// Sets the wall-clock skew of the process (now, while it runs, and for later restarts) by
    /// rewriting the libfaketime offset file atomically. Throws if the process is not launched
    /// through libfaketime or libfaketime is missing.
    public func setClockSkew(seconds: Double) throws {
        guard configuration.launchesThroughFaketime else {
            throw NodeProcessError.clockSkewUnavailable(
                reason: "\(configuration.name) was not launched through libfaketime")
        }
        guard seconds.isFinite else {
            throw NodeProcessError.clockSkewUnavailable(reason: "the skew must be a finite number of seconds")
        }
        guard Faketime.libraryPath() != nil else {
            throw NodeProcessError.clockSkewUnavailable(
                reason: "libfaketime is not installed (apt-get install faketime)")
        }
        condition.lock()
        defer { condition.unlock() }
        try FileManager.default.createDirectory(atPath: configuration.workingFolder, withIntermediateDirectories: true)
        try Faketime.writeOffset(seconds: seconds, to: configuration.clockOffsetFilePath)
        skewSeconds = seconds
    }

    // MARK: Helpers

    /// Waits on the condition (the lock held) while a process is alive, until `deadline`.
    private func waitWhileAlive(until deadline: ContinuousClock.Instant) {
        while currentState.isAlive {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return }
            _ = condition.wait(until: Date().addingTimeInterval(min(remaining.seconds, 0.5)))
        }
    }

    private func locked<Value>(_ body: () -> Value) -> Value {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    private static func appendSeparator(to descriptor: Int32, path: String, text: String) {
        var line = text + "\n"
        // Start on a fresh line if the previous run ended mid-line.
        var information = stat()
        if fstat(descriptor, &information) == 0, information.st_size > 0,
            let handle = FileHandle(forReadingAtPath: path)
        {
            try? handle.seek(toOffset: UInt64(information.st_size - 1))
            if let last = try? handle.read(upToCount: 1), last.first != UInt8(ascii: "\n") { line = "\n" + line }
            try? handle.close()
        }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
