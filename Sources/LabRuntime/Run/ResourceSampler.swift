import Foundation

/// Samples what the daemons and the lab hold while a run goes on, into `resources.jsonl`:
/// each node's process (pid, state, starts, crashes so far, resident memory, open files) every
/// interval, the lab's own open files and child processes before the lab starts and after it
/// is torn down, and the workload's start and end. The `resources` checker judges it.
///
///     {"t_ns":0,"event":"lab","phase":"before","fds":12,"children":0}
///     {"t_ns":…,"event":"workload","phase":"start"}
///     {"t_ns":…,"event":"node","node":"node1","pid":4242,"state":"running","starts":1,"unexpected_exits":0,"rss_kb":23456,"fds":31}
///     {"t_ns":…,"event":"lab","phase":"after","fds":12,"children":0}
final class ResourceSampler: @unchecked Sendable {
    static let file = "resources.jsonl"

    private let handle: FileHandle?
    private let lock = NSLock()

    init(folder: String) {
        let path = folder + "/" + Self.file
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
    }

    /// The interval for a workload of `duration`: a 120th of it, clamped to 1–5 s (so 120
    /// samples a node up to a 10-minute workload, one every 5 s beyond).
    static func interval(for duration: Duration) -> Duration {
        let seconds = Double(duration.components.seconds) / 120
        return .milliseconds(Int64(min(5, max(1, seconds)) * 1000))
    }

    /// The lab's own census; `added`: what the descriptors open now and not before point at.
    func recordLab(phase: String, census: ProcessCensus, at time: Int64, added: [String]? = nil) {
        var members: [(String, String)] = [
            ("t_ns", String(time)), ("event", LabJSON.string("lab")), ("phase", LabJSON.string(phase)),
            ("fds", String(census.openFileDescriptors)), ("children", String(census.childProcesses)),
        ]
        if let added { members.append(("fds_added", LabJSON.array(added.map(LabJSON.string)))) }
        write(LabJSON.object(members))
    }

    func recordWorkload(phase: String, at time: Int64) {
        write(
            LabJSON.object([
                ("t_ns", String(time)), ("event", LabJSON.string("workload")), ("phase", LabJSON.string(phase)),
            ]))
    }

    /// One line per node, now.
    func sample(_ cluster: LabCluster) async {
        let time = cluster.clock.now()
        for process in await cluster.processSnapshots() {
            var members: [(String, String)] = [
                ("t_ns", String(time)), ("event", LabJSON.string("node")), ("node", LabJSON.string(process.name)),
            ]
            if let pid = process.pid { members.append(("pid", String(pid))) }
            members += [
                ("state", LabJSON.string(Self.stateWord(process.state))), ("starts", String(process.startCount)),
                ("unexpected_exits", String(process.unexpectedExits)),
            ]
            if process.state.isAlive, let pid = process.pid {
                if let resident = ProcessCensus.residentKilobytes(pid: pid) {
                    members.append(("rss_kb", String(resident)))
                }
                if let files = ProcessCensus.openFileDescriptorCount(pid: pid) {
                    members.append(("fds", String(files)))
                }
            }
            write(LabJSON.object(members))
        }
    }

    /// Samples every `interval` until cancelled.
    func run(_ cluster: LabCluster, every interval: Duration) async {
        while !Task.isCancelled {
            await sample(cluster)
            try? await Task.sleep(for: interval)
        }
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.close()
    }

    /// The lab's census once torn down: waits (up to 3 s) for connections and children the
    /// teardown is still closing, so only what stays open counts.
    static func censusAfterTeardown(notAbove before: ProcessCensus) async -> ProcessCensus {
        let deadline = ContinuousClock.now + .seconds(3)
        var census = ProcessCensus.ofThisProcess()
        while ContinuousClock.now < deadline,
            census.openFileDescriptors > before.openFileDescriptors || census.childProcesses > before.childProcesses
        {
            try? await Task.sleep(for: .milliseconds(100))
            census = ProcessCensus.ofThisProcess()
        }
        return census
    }

    private static func stateWord(_ state: NodeProcessState) -> String {
        switch state {
        case .notStarted: "not-started"
        case .running: "running"
        case .paused: "paused"
        case .exited: "exited"
        case .killed: "killed"
        }
    }

    private func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        handle?.write(Data((line + "\n").utf8))
    }
}
