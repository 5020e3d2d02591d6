import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real `bbd` process on a temporary socket, for integration tests. Stopped (SIGTERM, then
/// SIGKILL after a bound) when the test ends; can also be killed with SIGKILL and restarted
/// with the same arguments (pair tests).
final class DaemonProcess {
    let socketPath: String
    let directory: URL
    private(set) var process = Process()
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
    convenience init(arguments: [String] = ["--dev", "--rate-limit=0"], environment: [String: String] = [:]) throws {
        let directory = try Self.makeDirectory()
        let socketPath = directory.appendingPathComponent("bbd.sock").path
        try self.init(
            exactArguments: arguments + ["--uds=\(socketPath)", "--tcp=127.0.0.1:0"], socketPath: socketPath,
            directory: directory, environment: environment)
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
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        do {
            try launch()
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private func launch() throws {
        let process = Process()
        process.executableURL = Self.binaryURL
        process.arguments = arguments
        process.environment = environment
        let log = try FileHandle(forWritingTo: logURL)
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        self.process = process
        try process.run()
        // The child has its own copy; close ours now rather than whenever deinit runs (see
        // CommandLineEndToEndTests.bbd: late implicit closes have hit reused descriptors).
        try? log.close()
        try waitUntilReady()
    }

    /// Starts the daemon again with the same arguments (after `kill()` or `terminate()`); the
    /// log goes on in the same file.
    func restart() throws {
        precondition(!process.isRunning, "restart() of a running daemon")
        try launch()
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if !process.isRunning {
                throw Failure.exited(
                    reason: "\(process.terminationReason == .exit ? "exit" : "signal") \(process.terminationStatus)",
                    log: log)
            }
            if let connection = try? RawHTTPConnection(socketPath: socketPath),
                let response = try? connection.request("GET", "/status"), response.status == 200
            {
                return
            }
            usleep(20_000)
        }
        throw Failure.notReady(log: log)
    }

    enum Failure: Error { case exited(reason: String, log: String), notReady(log: String) }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    var isRunning: Bool { process.isRunning }

    func connect(receiveTimeout: Duration = .seconds(5)) throws -> RawHTTPConnection {
        try RawHTTPConnection(socketPath: socketPath, receiveTimeout: receiveTimeout)
    }

    /// SIGKILL, then waits for the exit (the process is gone when this returns).
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the exit status.
    @discardableResult
    func terminate(within limit: TimeInterval = 12) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        Glibc.kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
