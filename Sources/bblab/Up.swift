import ArgumentParser
import Foundation
import LabRuntime

struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start N pairs of real daemons behind fault proxies; Ctrl-C tears everything down.")

    @Option(help: "Number of pairs (1-16).") var pairs = 1
    @Option(help: "Run folder (default: runs/lab-<time>; runs/latest points at it).") var dir: String?
    @Option(help: "The daemon binary (default: bbd next to bblab).") var bbd: String?
    @Option(help: "Seed for every random choice of the proxies.") var seed: UInt64 = 1
    @Option(name: .customLong("daemon-flag"), help: "An extra flag for every daemon (repeatable).")
    var daemonFlags: [String] = []
    @Flag(help: "Do not capture packets.") var noCapture = false
    @Flag(help: "Return once every node is ready; the lab keeps running in the background.") var detach = false
    @Flag(name: .customLong("serve-detached"), help: .hidden) var serveDetached = false

    func run() async throws {
        let folder = URL(fileURLWithPath: dir ?? DefaultPaths.newRunFolder()).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        DefaultPaths.linkLatest(to: folder)
        if detach {
            try launchDetached(folder: folder)
            return
        }
        var options = LabOptions(folder: folder, daemonPath: bbd ?? DefaultPaths.daemon)
        options.pairs = pairs
        options.seed = seed
        options.extraDaemonFlags = daemonFlags
        options.capturePackets = !noCapture
        let live = !serveDetached && isatty(STDOUT_FILENO) == 1
        do {
            try await LabSession.run(options, liveTable: live, output: { print($0) })
        } catch {
            throw LabCommandError("\(error)")
        }
    }

    /// Re-runs `bblab up` in its own session with `--serve-detached`, logging to
    /// `DIR/lab.log`, and returns once the control socket reports every node reachable.
    private func launchDetached(folder: String) throws {
        var arguments = ["up", "--serve-detached", "--dir", folder, "--pairs", String(pairs), "--seed", String(seed)]
        if let bbd { arguments += ["--bbd", bbd] }
        for flag in daemonFlags { arguments += ["--daemon-flag=\(flag)"] }
        if noCapture { arguments.append("--no-capture") }
        let log = folder + "/lab.log"
        guard FileManager.default.createFile(atPath: log, contents: nil) else {
            throw LabCommandError("cannot create \(log)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let client = LabControlClient(folder: folder)
        let deadline = Date().addingTimeInterval(40)
        while Date() < deadline {
            if !process.isRunning {
                let tail = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw LabCommandError("the lab did not start:\n\(tail.suffix(2000))")
            }
            if let body = try? client.send("GET", "/status", timeoutMilliseconds: 2000),
                let text = String(bytes: body, encoding: .utf8), !text.contains(#""reachable":false"#)
            {
                print("lab up in \(folder) (\(pairs * 2) nodes); control socket \(client.socketPath)")
                print("next: bblab status --dir \(folder)   bblab fault --dir \(folder) …   bblab down --dir \(folder)")
                return
            }
            usleep(100_000)
        }
        throw LabCommandError("the lab did not become ready within 40 s; see \(log)")
    }
}
