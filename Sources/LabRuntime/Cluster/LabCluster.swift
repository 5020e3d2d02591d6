import Foundation
import LabCore

/// A running lab: N pairs of real daemons, a fault proxy on each direction of each peer link,
/// the status poller, the journal and fault log, and (when allowed) a packet capture.
///
/// An actor: the control plane, the live table and scenario runners call it concurrently.
public actor LabCluster {
    public nonisolated let options: LabOptions
    public nonisolated let topology: LabTopology
    public nonisolated let clock: LabClock
    let registry: ProcessGroupRegistry
    var nodes: [String: NodeProcess] = [:]
    var proxies: [String: FaultProxy] = [:]
    var specifications: [String: FaultSpecification] = [:]
    var poller: StatusPoller?
    var journal: ProxyJournalFile?
    var faultLog: FileHandle?
    var appliedFaults: [AppliedFault] = []
    var capture: PacketCapture?
    public private(set) var captureNote = "capture off"
    /// Set by `shutdown()`: from then on faults are refused (a restart would start a daemon
    /// nobody stops) and nothing is written to the run's files.
    var isShutDown = false

    /// Files of a run folder.
    public enum Files {
        public static let metadata = "lab.json"
        public static let journal = "journal.jsonl"
        public static let timeline = "status.jsonl"
        public static let faults = "faults.jsonl"
        public static let capture = "capture.pcap"
        public static let control = "control.sock"
    }

    init(options: LabOptions, topology: LabTopology, clock: LabClock) {
        self.options = options
        self.topology = topology
        self.clock = clock
        self.registry = ProcessGroupRegistry(runFolder: options.folder)
    }

    /// Brings the lab up and returns once every pair has settled: one PRIMARY and one SECONDARY
    /// at the same epoch (normally `node{2k-1}` PRIMARY at epoch 1), already in ``samples``, so
    /// that `primary` / `secondary` targets resolve at once. On any failure (or after
    /// `readinessTimeout`), everything started so far is torn down before the error is thrown.
    public static func start(_ options: LabOptions) async throws -> LabCluster {
        let folder = URL(fileURLWithPath: options.folder).standardizedFileURL.path
        var options = options
        options.folder = folder
        // Daemons start in their own folders: a relative `--bbd` must not change meaning there.
        options.daemonPath = URL(fileURLWithPath: options.daemonPath).standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: options.daemonPath) else {
            throw LabError.daemonNotReady("--bbd \(options.daemonPath): no executable file there")
        }
        let ports = try PortAllocator.freePorts(options.pairs * 4)
        let topology: LabTopology
        do {
            topology = try LabTopology.make(pairs: options.pairs, folder: folder, ports: ports)
        } catch {
            throw LabError.folder(error.description)
        }
        let controlSocket = folder + "/" + Files.control
        guard controlSocket.utf8.count <= LabTopology.maximumSocketPathBytes else {
            throw LabError.folder("run folder too deep for its control socket \(controlSocket); choose a shorter --dir")
        }
        do {
            for node in topology.nodes {
                try FileManager.default.createDirectory(atPath: node.folder, withIntermediateDirectories: true)
            }
        } catch {
            throw LabError.folder("cannot create the run folder \(folder): \(error.localizedDescription)")
        }
        let cluster = LabCluster(options: options, topology: topology, clock: LabClock())
        do {
            try await cluster.bringUp()
        } catch {
            await cluster.shutdown()
            throw error
        }
        return cluster
    }

    private func bringUp() async throws {
        let folder = options.folder
        journal = try ProxyJournalFile(path: folder + "/" + Files.journal)
        _ = FileManager.default.createFile(atPath: folder + "/" + Files.faults, contents: nil)
        faultLog = FileHandle(forWritingAtPath: folder + "/" + Files.faults)
        try writeMetadata()

        let journal = self.journal
        let clock = self.clock
        for (index, link) in topology.links.enumerated() {
            let proxy = FaultProxy(
                name: link.name, upstreamHost: "127.0.0.1", upstreamPort: link.upstreamPort,
                journal: { journal?.write($0) }, clock: { clock.now() }, seed: options.seed &+ UInt64(index))
            _ = try await proxy.start(port: link.listenPort)
            proxies[link.name] = proxy
            specifications[link.name] = .healthy
        }

        // Each pair's first node starts alone and settles (it finds no peer: PRIMARY at epoch 1),
        // then the second one joins it. Started together, whichever probes first finds the other
        // not yet listening and takes the lead, so the roles would change from run to run.
        let faketime = options.allowClockSkew && Faketime.libraryPath() != nil
        let firstNodes = topology.nodes.filter { $0.name == topology.nodes(inPair: $0.pair).first?.name }
        let secondNodes = topology.nodes.filter { node in !firstNodes.contains { $0.name == node.name } }
        let deadline = ContinuousClock.now + options.readinessTimeout
        try await startNodes(firstNodes, faketime: faketime, deadline: deadline)
        await Self.waitForRoles(firstNodes, deadline: min(deadline, .now + .seconds(5))) { $0 != "JOINING" }
        // While a second node starts, its peer's connections to it are refused (the first node
        // heartbeats as soon as it leads): bbd binds its listeners before its replica starts up,
        // and a heartbeat landing in between trips the precondition in Replica.start and
        // crashes it. The second node still probes and joins its peer through the other link.
        let shielded = secondNodes.compactMap { topology.link(from: $0.peerName, to: $0.name)?.name }
        for name in shielded { try? proxies[name]?.setFaults(FaultSpecification(partition: .refuse)) }
        try await startNodes(secondNodes, faketime: faketime, deadline: deadline)
        await Self.waitForRoles(secondNodes, deadline: min(deadline, .now + .seconds(5))) { $0 != "UNKNOWN" }
        for name in shielded { proxies[name]?.heal() }
        let poller = StatusPoller(
            nodes: topology.nodes.map { ($0.name, $0.socketPath) }, clock: clock,
            timelinePath: folder + "/" + Files.timeline)
        self.poller = poller
        try await waitUntilSettled(poller, deadline: deadline)
        if options.capturePackets {
            let ports = topology.nodes.map(\.tcpPort) + topology.links.map(\.listenPort)
            switch PacketCapture.start(ports: ports, file: folder + "/" + Files.capture) {
            case .success(let started):
                capture = started
                captureNote = "capturing to \(Files.capture)"
            case .failure(let unavailable):
                captureNote = "no packet capture: \(unavailable)"
            }
        }
    }

    /// Starts `group` at once and waits until each answers `/status`.
    private func startNodes(
        _ group: [LabTopology.Node], faketime: Bool, deadline: ContinuousClock.Instant
    ) async throws {
        for node in group {
            let process = NodeProcess(
                configuration: NodeProcessConfiguration(
                    name: node.name, executablePath: options.daemonPath,
                    arguments: topology.arguments(for: node, internalToken: options.internalToken)
                        + options.extraDaemonFlags.map(node.expanding),
                    logFilePath: node.logPath, workingFolder: node.folder, launchesThroughFaketime: faketime),
                registry: registry)
            try process.start()
            nodes[node.name] = process
        }
        let timeout = max(.milliseconds(100), ContinuousClock.now.duration(to: deadline))
        let waits = group.map { node in
            let process = nodes[node.name]!
            return Task.detached { try process.waitUntilReady(socketPath: node.socketPath, timeout: timeout) }
        }
        for wait in waits {
            do {
                try await wait.value
            } catch {
                throw LabError.daemonNotReady("\(error)")
            }
        }
    }

    /// Waits (at most until `deadline`) until every node of `group` reports a role that
    /// `accepts`. Best effort: a node that does not get there is caught by `waitUntilSettled`.
    private static func waitForRoles(
        _ group: [LabTopology.Node], deadline: ContinuousClock.Instant, accepts: @escaping @Sendable (String) -> Bool
    ) async {
        for node in group {
            let socket = node.socketPath
            await Task.detached {
                let client = UnixSocketHTTP(socketPath: socket, timeoutMilliseconds: 500)
                while ContinuousClock.now < deadline {
                    if let response = try? client.request("GET", "/status"), response.status == 200,
                        let sample = NodeStatusSample.parse(response.body, node: node.name, at: 0),
                        !sample.role.isEmpty, accepts(sample.role)
                    {
                        return
                    }
                    usleep(10_000)
                }
            }.value
        }
    }

    /// Waits until every pair has one PRIMARY and one SECONDARY at the same epoch in the
    /// poller's samples; throws, naming what each node reports, at `deadline`.
    private func waitUntilSettled(_ poller: StatusPoller, deadline: ContinuousClock.Instant) async throws {
        while true {
            let samples = poller.samples
            let unsettled = (1...options.pairs).filter { pair in
                let roles = topology.nodes(inPair: pair).compactMap { samples[$0.name] }
                    .filter(\.reachable).map { ($0.role, $0.epoch) }
                return roles.count != 2 || Set(roles.map(\.0)) != ["PRIMARY", "SECONDARY"] || roles[0].1 != roles[1].1
            }
            if unsettled.isEmpty { return }
            // A daemon that died after answering once: say so now, with its log.
            for node in topology.nodes {
                guard let process = nodes[node.name], !process.state.isAlive else { continue }
                throw LabError.daemonNotReady(
                    "\(node.name) \(process.state) during start-up; from \(node.logPath):\n"
                        + Self.crashLines(of: node.logPath))
            }
            if ContinuousClock.now >= deadline {
                let seen = unsettled.flatMap { topology.nodes(inPair: $0) }.map { node -> String in
                    guard let sample = samples[node.name], sample.reachable else { return "\(node.name) unreachable" }
                    return "\(node.name) \(sample.role.isEmpty ? "(no role)" : sample.role) at epoch \(sample.epoch)"
                }
                throw LabError.daemonNotReady(
                    "pair(s) \(unsettled.map(String.init).joined(separator: ", ")) did not settle on one PRIMARY "
                        + "and one SECONDARY within \(options.readinessTimeout): \(seen.joined(separator: ", ")); "
                        + "see the nodes' bbd.log")
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The lines of a daemon's log that say why it died (a Swift runtime trap prints its
    /// message far above the end of the backtrace), else the end of the log.
    static func crashLines(of logPath: String) -> String {
        let tail = LogTail.lastLines(of: logPath, count: 400, maximumBytes: 131_072)
        let reasons = tail.split(separator: "\n").filter { line in
            ["Fatal error", "Precondition failed", "Assertion failed", "Program crashed"].contains {
                line.contains($0)
            }
        }
        return reasons.isEmpty ? LogTail.lastLines(of: logPath) : reasons.joined(separator: "\n")
    }

    private func writeMetadata() throws {
        let nodes = topology.nodes.map { node in
            LabJSON.object([
                ("name", LabJSON.string(node.name)), ("pair", String(node.pair)),
                ("socket", LabJSON.string(node.socketPath)), ("tcp_port", String(node.tcpPort)),
                ("log", LabJSON.string(node.logPath)),
            ])
        }
        let links = topology.links.map { link in
            LabJSON.object([
                ("name", LabJSON.string(link.name)), ("listen_port", String(link.listenPort)),
                ("upstream_port", String(link.upstreamPort)),
            ])
        }
        let metadata = LabJSON.object([
            ("clock_origin_ns", String(clock.originNanoseconds)), ("pairs", String(options.pairs)),
            ("seed", String(options.seed)), ("daemon", LabJSON.string(options.daemonPath)),
            ("lab_pid", String(ProcessInfo.processInfo.processIdentifier)),
            ("control_socket", LabJSON.string(options.folder + "/" + Files.control)),
            ("nodes", LabJSON.array(nodes)), ("links", LabJSON.array(links)),
        ])
        try Data((metadata + "\n").utf8).write(to: URL(fileURLWithPath: options.folder + "/" + Files.metadata))
    }

    /// The latest `/status` of every node.
    public var samples: [String: NodeStatusSample] { poller?.samples ?? [:] }

    /// Tears everything down: daemons (SIGTERM, then SIGKILL after 5 s), proxies, poller,
    /// capture, files. Safe to call twice.
    public func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        poller?.stop()
        let processes = Array(nodes.values)
        await withTaskGroup(of: Void.self) { group in
            for process in processes {
                group.addTask { _ = process.terminate(grace: .seconds(5)) }
            }
        }
        registry.killAll()
        for proxy in proxies.values { await proxy.stop() }
        capture?.stop()
        journal?.close()
        try? faultLog?.close()
        faultLog = nil
        try? FileManager.default.removeItem(atPath: registry.pidsFilePath ?? "")
    }
}
