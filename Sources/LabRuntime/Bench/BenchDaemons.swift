import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon(s) one bench round loads: a fresh single node, or a fresh pair started the way
/// `scripts/benchmarks/pair.py` does (node1 first until PRIMARY, then node2 until SECONDARY,
/// peers wired directly — no fault proxies, whose work would be measured too), each with
/// `--dev --rate-limit=0` in a temporary folder. The load goes to the first node's socket.
public final class BenchDaemons: Sendable {
    public let socketPath: String
    public let folder: String
    let processes: [NodeProcess]

    init(socketPath: String, folder: String, processes: [NodeProcess]) {
        self.socketPath = socketPath
        self.folder = folder
        self.processes = processes
    }

    /// Starts the daemon(s) and returns once they answer (a pair: once the roles settled).
    public static func start(daemonPath: String, pair: Bool) async throws -> BenchDaemons {
        guard FileManager.default.isExecutableFile(atPath: daemonPath) else {
            throw BenchRunError("--bbd/--vs \(daemonPath): no executable file there")
        }
        let folder = try temporaryFolder()
        var processes: [NodeProcess] = []
        do {
            if pair {
                let ports = try PortAllocator.freePorts(2)
                for (index, name) in ["node1", "node2"].enumerated() {
                    let peer = index == 0 ? "node2" : "node1"
                    let arguments = [
                        "--dev", "--host-id=\(name)", "--uds=\(folder)/\(name).sock",
                        "--tcp=127.0.0.1:\(ports[index])", "--peers=\(peer)@127.0.0.1:\(ports[1 - index])",
                        "--rate-limit=0", "--internal-token=bench",
                    ]
                    let process = try startProcess(name, daemonPath, arguments, folder: folder)
                    processes.append(process)
                    try await waitForRole(
                        process, socketPath: "\(folder)/\(name).sock", role: index == 0 ? "PRIMARY" : "SECONDARY")
                }
                return BenchDaemons(socketPath: "\(folder)/node1.sock", folder: folder, processes: processes)
            }
            let arguments = ["--dev", "--rate-limit=0", "--uds=\(folder)/bbd.sock", "--tcp=127.0.0.1:0"]
            let process = try startProcess("bbd", daemonPath, arguments, folder: folder)
            processes.append(process)
            try await Task.detached {
                try process.waitUntilReady(socketPath: "\(folder)/bbd.sock", timeout: .seconds(20))
            }.value
            return BenchDaemons(socketPath: "\(folder)/bbd.sock", folder: folder, processes: processes)
        } catch {
            for process in processes { process.terminate(grace: .seconds(2)) }
            throw BenchRunError("\(daemonPath) did not start (logs in \(folder)): \(error)")
        }
    }

    /// Stops every daemon (SIGTERM, SIGKILL after 5 s) and removes the folder, unless
    /// `keepingFolder` (a run that failed keeps its logs).
    public func stop(keepingFolder: Bool = false) async {
        let processes = self.processes
        await Task.detached {
            for process in processes { process.terminate(grace: .seconds(5)) }
        }.value
        if !keepingFolder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Whether every daemon still runs (a crash under load ends the run with its log).
    public var allAlive: Bool { processes.allSatisfy { $0.state.isAlive } }

    public var crashReport: String {
        processes.filter { !$0.state.isAlive }.map { process in
            "\(process.configuration.name) \(process.state); from \(process.configuration.logFilePath):\n"
                + LabCluster.crashLines(of: process.configuration.logFilePath)
        }.joined(separator: "\n")
    }

    private static func startProcess(
        _ name: String, _ daemonPath: String, _ arguments: [String], folder: String
    ) throws -> NodeProcess {
        let process = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: name, executablePath: daemonPath, arguments: arguments, logFilePath: "\(folder)/\(name).log",
                workingFolder: "\(folder)/\(name)"))
        try process.start()
        return process
    }

    private static func waitForRole(_ process: NodeProcess, socketPath: String, role: String) async throws {
        try await Task.detached {
            try process.waitUntilReady(socketPath: socketPath, timeout: .seconds(20))
            let deadline = ContinuousClock.now + .seconds(15)
            let client = UnixSocketHTTP(socketPath: socketPath, timeoutMilliseconds: 500)
            while ContinuousClock.now < deadline {
                if let response = try? client.request("GET", "/status"), response.status == 200,
                    let sample = NodeStatusSample.parse(response.body, node: "", at: 0), sample.role == role
                {
                    return
                }
                if !process.state.isAlive { break }
                usleep(20_000)
            }
            throw BenchRunError("\(process.configuration.name) did not become \(role) within 15 s")
        }.value
    }

    private static func temporaryFolder() throws -> String {
        var template = Array("/tmp/bbbench-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchRunError("cannot create a folder under /tmp: \(String(cString: strerror(errno)))")
        }
        return String(cString: created)
    }
}
