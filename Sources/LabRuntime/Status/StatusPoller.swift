import Foundation

/// Polls every node's `/status` at a fixed period (50 ms by default), one thread per node so
/// that a paused or dead node never delays the others, keeps the latest sample of each, and
/// appends every sample to the run's status timeline (JSONL).
public final class StatusPoller: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: [String: NodeStatusSample] = [:]
    /// Each node's latest sample that reached it (its last known role while it is down).
    private var lastReachable: [String: NodeStatusSample] = [:]
    private var running = true
    private var threads: [Thread] = []
    private var timeline: FileHandle?
    private let clock: LabClock
    public let period: Duration

    public init(
        nodes: [(name: String, socketPath: String)], clock: LabClock, timelinePath: String?,
        period: Duration = .milliseconds(50)
    ) {
        self.clock = clock
        self.period = period
        if let timelinePath {
            _ = FileManager.default.createFile(atPath: timelinePath, contents: nil)  // a nil handle below says it failed
            timeline = FileHandle(forWritingAtPath: timelinePath)
        } else {
            timeline = nil
        }
        for node in nodes {
            let thread = Thread { [weak self] in self?.poll(node: node.name, socketPath: node.socketPath) }
            thread.name = "status-\(node.name)"
            threads.append(thread)
            thread.start()
        }
    }

    public func sample(of node: String) -> NodeStatusSample? {
        lock.lock()
        defer { lock.unlock() }
        return latest[node]
    }

    public var samples: [String: NodeStatusSample] {
        lock.lock()
        defer { lock.unlock() }
        return latest
    }

    /// The latest samples and each node's latest reachable one, read together.
    public var samplesWithLastReachable: (latest: [String: NodeStatusSample], lastReachable: [String: NodeStatusSample])
    {
        lock.lock()
        defer { lock.unlock() }
        return (latest, lastReachable)
    }

    /// Node name → role, for resolving `primary` / `secondary`.
    public var roles: [String: String] {
        samples.compactMapValues { $0.reachable ? $0.role : nil }
    }

    /// Stops polling and closes the timeline (samples still in flight are kept as the latest
    /// but no longer written): a stopped lab holds no file open.
    public func stop() {
        lock.lock()
        running = false
        let file = timeline
        timeline = nil
        lock.unlock()
        try? file?.synchronize()
        try? file?.close()
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    private func poll(node: String, socketPath: String) {
        let client = UnixSocketHTTP(socketPath: socketPath, timeoutMilliseconds: 200)
        let periodMicroseconds = UInt32(
            max(1, period.components.attoseconds / 1_000_000_000_000 + period.components.seconds * 1_000_000))
        while isRunning {
            let started = clock.now()
            var sample: NodeStatusSample
            if let response = try? client.request("GET", "/status"), response.status == 200,
                let parsed = NodeStatusSample.parse(response.body, node: node, at: clock.now(), requestedAt: started)
            {
                sample = parsed
            } else {
                sample = .unreachable(node: node, at: clock.now())
                sample.requestNanoseconds = started
            }
            record(sample)
            let elapsedMicroseconds = UInt32(max(0, (clock.now() - started) / 1000))
            if elapsedMicroseconds < periodMicroseconds { usleep(periodMicroseconds - elapsedMicroseconds) }
        }
    }

    private func record(_ sample: NodeStatusSample) {
        lock.lock()
        latest[sample.node] = sample
        if sample.reachable { lastReachable[sample.node] = sample }
        timeline?.write(Data((sample.jsonLine + "\n").utf8))
        lock.unlock()
    }
}
