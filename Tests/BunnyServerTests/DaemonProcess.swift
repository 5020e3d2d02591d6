import Foundation
import LabRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// A real `bbd` process on a temporary socket, for integration tests. Stopped (SIGTERM, then
/// SIGKILL after a bound) when the test ends; can also be killed with SIGKILL and restarted
/// with the same arguments (pair tests).
///
/// Started through the lab's supervisor (`NodeProcess`), not Foundation's `Process`: the
/// supervisor owns every descriptor it opens, and its children die with the test process
/// (PR_SET_PDEATHSIG), so a crashed test run leaves no daemon behind.
final class DaemonProcess {
    let socketPath: String
    let directory: URL
    private let node: NodeProcess
    let logURL: URL
    /// The complete argument list, reused by `restart()`.
    let arguments: [String]
    let environment: [String: String]

    /// The `bbd` built next to the test bundle (or `BBD_BINARY`).
    static var binaryURL: URL {
        if let path = ProcessInfo.processInfo.environment["BBD_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("bbd")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "bbd")
    }

    /// A fresh, short temporary folder (Unix socket paths are limited to 107 bytes).
    static func makeDirectory() throws -> URL {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("bbt-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Starts `bbd` with `arguments` (plus `--uds` and `--tcp=127.0.0.1:0`) and waits until
    /// `/status` answers.
    ///
    /// Unless `arguments` set one, the daemon gets a random internal token: its TCP port comes
    /// from the ephemeral range, where the lab tests running alongside also take ports and
    /// may still dial one after their daemon is gone; without a token, a stray heartbeat or
    /// join request from them would be obeyed.
    convenience init(arguments: [String] = ["--dev", "--rate-limit=0"], environment: [String: String] = [:]) throws {
        let directory = try Self.makeDirectory()
        let socketPath = directory.appendingPathComponent("bbd.sock").path
        var all = arguments + ["--uds=\(socketPath)", "--tcp=127.0.0.1:0"]
        if !arguments.contains(where: { $0.hasPrefix("--internal-token") || $0.hasPrefix("-internal-token") }) {
            all.append("--internal-token=test-\(UInt64.random(in: 0...UInt64.max))")
        }
        try self.init(exactArguments: all, socketPath: socketPath, directory: directory, environment: environment)
    }

    /// Starts `bbd` with exactly `arguments`, which must make it listen on `socketPath`, and
    /// waits until `/status` answers there. `directory` (which holds the log) belongs to this
    /// object from now on and is removed with it.
    init(exactArguments arguments: [String], socketPath: String, directory: URL, environment: [String: String] = [:])
        throws
    {
        self.arguments = arguments
        self.socketPath = socketPath
        self.directory = directory
        self.environment = environment
        logURL = directory.appendingPathComponent("bbd.log")
        node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "bbd", executablePath: Self.binaryURL.path, arguments: arguments, environment: environment,
                inheritsEnvironment: false, logFilePath: logURL.path, workingFolder: directory.path))
        do {
            try launch()
        } catch {
            node.kill()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private func launch() throws {
        try node.start()
        try waitUntilReady()
    }

    /// Starts the daemon again with the same arguments (after `kill()` or `terminate()`); the
    /// log goes on in the same file.
    func restart() throws {
        precondition(!isRunning, "restart() of a running daemon")
        try launch()
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if case .exited(let status) = node.state {
                throw Failure.exited(reason: "\(status)", log: log)
            }
            // Ready once start-up chose a role: the sockets answer /status a moment before
            // (UNKNOWN), and a write sent then gets 503 StoreUnavailable — on a loaded machine
            // that moment can be long.
            if let connection = try? RawHTTPConnection(socketPath: socketPath),
                let response = try? connection.request("GET", "/status"), response.status == 200,
                !response.bodyText.contains(#""role":"UNKNOWN""#)
            {
                return
            }
            usleep(20_000)
        }
        throw Failure.notReady(log: log)
    }

    enum Failure: Error { case exited(reason: String, log: String), notReady(log: String) }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    var isRunning: Bool { node.state.isAlive }

    /// The daemon's pid (of the last process once it has ended).
    var currentPID: Int32 { node.pid ?? -1 }

    func connect(receiveTimeout: Duration = .seconds(5)) throws -> RawHTTPConnection {
        try RawHTTPConnection(socketPath: socketPath, receiveTimeout: receiveTimeout)
    }

    /// SIGKILL, then waits for the exit (the process is gone when this returns).
    func kill() { node.kill() }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the exit code, or nil when the
    /// daemon had to be killed (or a signal ended it).
    @discardableResult
    func terminate(within limit: Duration = .seconds(12)) -> Int32? {
        guard case .code(let code) = node.terminate(grace: limit) else { return nil }
        return code
    }

    deinit {
        node.kill()
        try? FileManager.default.removeItem(at: directory)
    }
}
