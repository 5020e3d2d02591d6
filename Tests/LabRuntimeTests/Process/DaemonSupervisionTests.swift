import Foundation
import LabRuntime
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `bbd`, supervised: readiness, kill -9, restart, skew, a graceful stop.
@Suite("Supervising bbd", .timeLimit(.minutes(3)), .ownThreadsUnqueued)
struct DaemonSupervisionTests {
    static let daemon = ProcessTestSupport.daemonPath

    func daemonNode(in folder: ProcessTestFolder, faketime: Bool = false) throws -> (NodeProcess, String) {
        let executable = try #require(Self.daemon, "bbd is not built next to the tests")
        let socket = folder.file("n1.sock")
        let node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "n1", executablePath: executable,
                arguments: ["--dev", "--rate-limit=0", "--uds=\(socket)", "--tcp=127.0.0.1:0"],
                logFilePath: folder.file("n1.log"), workingFolder: folder.file("n1"),
                launchesThroughFaketime: faketime))
        return (node, socket)
    }

    @Test(.enabled(if: daemon != nil)) func readyKillRestartReadyTerminate() throws {
        let folder = ProcessTestFolder()
        let (node, socket) = try daemonNode(in: folder)
        try node.start()
        defer { node.kill() }
        try node.waitUntilReady(socketPath: socket, timeout: .seconds(60))
        let response = try UnixSocketHTTP.get(socketPath: socket, path: "/status")
        #expect(response.status == 200)
        let first = try #require(node.pid)

        node.kill()
        #expect(node.state == .killed)
        #expect(throws: (any Error).self) { try UnixSocketHTTP.get(socketPath: socket, path: "/status") }

        try node.restart()
        #expect(node.pid != first)
        try node.waitUntilReady(socketPath: socket, timeout: .seconds(60))

        try node.pause()
        #expect(throws: (any Error).self) {
            try UnixSocketHTTP.get(socketPath: socket, path: "/status", timeout: .milliseconds(300))
        }
        try node.resume()
        try node.waitUntilReady(socketPath: socket, timeout: .seconds(30))

        #expect(node.terminate(grace: .seconds(15)) == .code(0), "\(node.state)")
    }

    /// Through libfaketime the daemon still sees its arguments (it listens on the socket given
    /// in them), and its shared-memory leftovers are removed after a kill -9.
    @Test(.enabled(if: daemon != nil && Faketime.libraryPath() != nil)) func daemonUnderFaketime() throws {
        let folder = ProcessTestFolder()
        let (node, socket) = try daemonNode(in: folder, faketime: true)
        try node.setClockSkew(seconds: -30)
        try node.start()
        defer { node.kill() }
        try node.waitUntilReady(socketPath: socket, timeout: .seconds(60))
        let pid = try #require(node.pid)
        let environment = ProcessTestSupport.read("/proc/\(pid)/environ").split(separator: "\0")
        #expect(environment.contains { $0.hasPrefix("LD_PRELOAD=") && $0.contains("libfaketime") })
        #expect(!environment.contains { $0.hasPrefix("FAKETIME=") })
        try node.setClockSkew(seconds: 45)
        try node.waitUntilReady(socketPath: socket, timeout: .seconds(30))
        node.kill()
        #expect(!FileManager.default.fileExists(atPath: "/dev/shm/faketime_shm_\(pid)"))
        #expect(!FileManager.default.fileExists(atPath: "/dev/shm/sem.faketime_sem_\(pid)"))
    }

    @Test func notADaemonFailsEarlyWithTheLog() throws {
        let folder = ProcessTestFolder()
        let node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "n1", executablePath: "/bin/sh", arguments: ["-c", "echo usage: not a daemon; exit 2"],
                logFilePath: folder.file("n1.log"), workingFolder: folder.file("n1")))
        try node.start()
        let started = ContinuousClock.now
        do {
            try node.waitUntilReady(socketPath: folder.file("n1.sock"), timeout: .seconds(30))
            Issue.record("a program that exits became ready")
        } catch let failure as ReadinessFailure {
            #expect(failure.reason == .exited(.code(2)))
            #expect("\(failure)".hasPrefix("--bbd /bin/sh is not a daemon or exited at once (exit code 2): "))
            #expect("\(failure)".hasSuffix("usage: not a daemon"))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func binTrueAsTheDaemon() throws {
        let folder = ProcessTestFolder()
        let node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "n1", executablePath: "/bin/true", logFilePath: folder.file("n1.log"),
                workingFolder: folder.file("n1")))
        try node.start()
        #expect {
            try node.waitUntilReady(socketPath: folder.file("n1.sock"), timeout: .seconds(30))
        } throws: { error in
            "\(error)".hasPrefix("--bbd /bin/true is not a daemon or exited at once (exit code 0): ")
        }
    }

    @Test func aLiveProcessThatNeverAnswersTimesOut() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("echo listening nowhere; exec sleep 30", in: folder)
        try node.start()
        defer { node.kill() }
        do {
            try node.waitUntilReady(socketPath: folder.file("none.sock"), timeout: .milliseconds(500))
            Issue.record("became ready without a socket")
        } catch let failure as ReadinessFailure {
            guard case .timedOut = failure.reason else {
                Issue.record("unexpected \(failure)")
                return
            }
            #expect("\(failure)".contains("listening nowhere"))
        }
    }
}
