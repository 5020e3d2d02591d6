import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real `bbd` process on a temporary socket, for integration tests. Stopped (SIGTERM, then
/// SIGKILL after a bound) when the test ends.
final class DaemonProcess {
    let socketPath: String
    let directory: URL
    let process = Process()
    let logURL: URL

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

    /// Starts `bbd` with `arguments` (plus `--uds`) and waits until `/status` answers.
    init(arguments: [String] = ["--dev", "--rate-limit=0"], environment: [String: String] = [:]) throws {
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("bbt-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socketPath = directory.appendingPathComponent("bbd.sock").path
        logURL = directory.appendingPathComponent("bbd.log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = Self.binaryURL
        process.arguments = arguments + ["--uds=\(socketPath)", "--tcp=127.0.0.1:0"]
        process.environment = environment
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try waitUntilReady()
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if !process.isRunning { throw Failure.exited(log: log) }
            if let connection = try? RawHTTPConnection(socketPath: socketPath),
                let response = try? connection.request("GET", "/status"), response.status == 200
            {
                return
            }
            usleep(20_000)
        }
        throw Failure.notReady(log: log)
    }

    enum Failure: Error { case exited(log: String), notReady(log: String) }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    func connect(receiveTimeout: Duration = .seconds(5)) throws -> RawHTTPConnection {
        try RawHTTPConnection(socketPath: socketPath, receiveTimeout: receiveTimeout)
    }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the exit status.
    @discardableResult
    func terminate(within limit: TimeInterval = 12) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
