import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Everything the lab has spawned, for teardown without orphans.
///
/// Three layers: `terminateAll()` on normal exit and on Ctrl-C / SIGTERM (see
/// `terminateAllOnSignals`); PR_SET_PDEATHSIG(SIGKILL) in every child for a lab that crashes or
/// is SIGKILLed; and the pids file (`<run folder>/pids.json`, rewritten at every start and exit)
/// for `killRecorded(in:)` from another process (`bblab down`).
///
/// The registry holds its `NodeProcess`es weakly (each of them holds the registry, strongly,
/// to report its starts and exits): a strong list made a cycle that kept every supervisor, and
/// with it the registry and its records, alive forever once a lab had shut down. Nothing that
/// `terminateAll()` must reach is lost by this: while a child is alive, its waiter thread holds
/// its `NodeProcess` (see `NodeProcess.start`), so a supervisor can only go away once its child
/// is reaped — or before it ever started one.
public final class ProcessGroupRegistry: @unchecked Sendable {
    public static let pidsFileName = "pids.json"

    /// Where the pids file goes; nil keeps the records in memory only.
    public let runFolder: String?
    private let lock = NSLock()
    private var nodes: [WeakNodeProcess] = []
    private var live: [Int32: RecordedProcess] = [:]
    private var signalSources: [any DispatchSourceSignal] = []

    public init(runFolder: String?) {
        self.runFolder = runFolder
    }

    public var pidsFilePath: String? { runFolder.map { $0 + "/" + Self.pidsFileName } }

    /// Every process registered (started or not) that someone still holds.
    public var processes: [NodeProcess] { lock.withLock { nodes.compactMap(\.node) } }

    /// The children alive now, by pid order.
    public var liveProcesses: [RecordedProcess] { lock.withLock { live.values.sorted { $0.pid < $1.pid } } }

    /// Called by `NodeProcess.init`.
    func register(_ node: NodeProcess) {
        lock.withLock {
            nodes.removeAll { $0.node == nil }  // supervisors gone since: the list stays short
            nodes.append(WeakNodeProcess(node: node))
        }
    }

    func processStarted(_ record: RecordedProcess) {
        lock.withLock {
            live[record.pid] = record
            writePidsFileLocked()
        }
    }

    func processExited(pid: Int32) {
        lock.withLock {
            guard live.removeValue(forKey: pid) != nil else { return }
            writePidsFileLocked()
        }
    }

    private func writePidsFileLocked() {
        guard let path = pidsFilePath else { return }
        let file = PidsFile(
            labPID: getpid(), bootID: Self.bootID(), processes: live.values.sorted { $0.pid < $1.pid })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(file) else { return }
        try? FileManager.default.createDirectory(atPath: runFolder!, withIntermediateDirectories: true)
        try? AtomicFile.write(data, to: path)  // best effort: PDEATHSIG still covers a lab crash
    }

    /// SIGTERM to every live process at once, waits up to `grace` for them all, then SIGKILLs the
    /// rest and reaps everything. Safe to call more than once.
    public func terminateAll(grace: Duration = .seconds(5)) {
        let all = processes
        for node in all { node.sendTerminationSignal() }
        let deadline = ContinuousClock.now + grace
        for node in all {
            node.waitForExit(timeout: max(.zero, ContinuousClock.now.duration(to: deadline)))
        }
        for node in all { node.kill() }
    }

    /// SIGKILL to every live process group, and reap.
    public func killAll() {
        for node in processes { node.kill() }
    }

    /// On each of `signals`, terminates everything (with `grace`) and exits with 128 + signal.
    /// The signals are ignored by default handling from then on (children get default
    /// dispositions back in `lab_spawn`). The handlers hold the registry weakly, so they do not
    /// keep it (and its records) alive; once it is gone a signal still exits.
    public func terminateAllOnSignals(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], grace: Duration = .seconds(5)) {
        lock.withLock {
            for signalNumber in signals {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [weak self] in
                    self?.terminateAll(grace: grace)
                    exit(128 + signalNumber)
                }
                source.resume()
                signalSources.append(source)
            }
        }
    }

    // MARK: Another process's leftovers

    /// Reads `<folder>/pids.json` and SIGKILLs every recorded process group whose leader is still
    /// the recorded process (same boot, same start time: a reused pid is left alone). Waits (up
    /// to `wait`) for them to be gone, removes the pids file, and returns those it killed.
    @discardableResult
    public static func killRecorded(in folder: String, wait: Duration = .seconds(5)) throws -> [RecordedProcess] {
        let path = folder + "/" + pidsFileName
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let file = try JSONDecoder().decode(PidsFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        if let recordedBoot = file.bootID, let currentBoot = bootID(), recordedBoot != currentBoot {
            try? FileManager.default.removeItem(atPath: path)
            return []  // rebooted since: all those processes are long gone
        }
        var killed: [RecordedProcess] = []
        for record in file.processes {
            guard let stat = ProcessStat.read(pid: record.pid), stat.state != "Z" else { continue }
            if let startTime = record.startTime, stat.startTime != startTime { continue }
            if stat.processGroup == record.processGroup { Glibc.kill(-record.processGroup, SIGKILL) }
            Glibc.kill(record.pid, SIGKILL)
            killed.append(record)
        }
        let deadline = ContinuousClock.now + wait
        while killed.contains(where: { !ProcessStat.isGoneOrZombie(pid: $0.pid) }), ContinuousClock.now < deadline {
            usleep(10_000)
        }
        try? FileManager.default.removeItem(atPath: path)
        return killed
    }

    static func bootID() -> String? {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A registry's entry: the supervisor, as long as someone else holds it.
private struct WeakNodeProcess {
    weak var node: NodeProcess?
}
