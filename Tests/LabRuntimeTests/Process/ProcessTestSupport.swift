import Foundation
import LabRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// A short temporary folder under /tmp (Unix socket paths must stay under 108 bytes), removed
/// when the value goes away.
final class ProcessTestFolder {
    let path: String

    init() {
        var template = Array("/tmp/blp-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed: \(String(cString: strerror(errno)))")
        path = String(cString: created!)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum ProcessTestSupport {
    /// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
    static func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            usleep(10_000)
        }
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// The lines of a file (the log's separator lines quote the command, so match whole lines).
    static func lines(of path: String) -> [String] {
        read(path).split(separator: "\n").map(String.init)
    }

    /// A supervisor for `/bin/sh -c script`, logging to `folder/name.log`.
    static func shell(
        _ script: String, in folder: ProcessTestFolder, name: String = "sh", faketime: Bool = false,
        registry: ProcessGroupRegistry? = nil
    ) -> NodeProcess {
        NodeProcess(
            configuration: NodeProcessConfiguration(
                name: name, executablePath: "/bin/sh", arguments: ["-c", script],
                logFilePath: folder.file("\(name).log"), workingFolder: folder.file(name),
                launchesThroughFaketime: faketime),
            registry: registry)
    }

    /// The kernel's state letter for `pid`, or nil when there is no such process.
    static func kernelState(_ pid: Int32) -> Character? { ProcessStat.read(pid: pid)?.state }

    /// The `bbd` built next to the test bundle (or `BBD_BINARY`), as the server tests find it.
    static var daemonPath: String? {
        if let path = ProcessInfo.processInfo.environment["BBD_BINARY"] { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("bbd")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// The package root, from this file's path.
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    static var currentTimeSeconds: Double { Date().timeIntervalSince1970 }

    /// The numbers printed one per line in a log (separator lines skipped).
    static func numbers(in log: String) -> [Double] {
        log.split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}
