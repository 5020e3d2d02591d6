import Foundation
@testable import LabRuntime
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("NodeProcess: spawn, signals, reaping", .timeLimit(.minutes(2)), .ownThreadsUnqueued)
struct NodeProcessTests {
    @Test func startPauseResumeKillRestartTerminate() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("echo hi; exec sleep 30", in: folder, name: "sleeper")
        #expect(node.state == .notStarted)
        #expect(node.pid == nil)

        try node.start()
        let first = try #require(node.pid)
        #expect(first > 0)
        #expect(node.state == .running)
        #expect(node.startCount == 1)
        #expect(ProcessStat.read(pid: first)?.processGroup == first, "each child leads its own process group")
        let logPath = node.configuration.logFilePath
        #expect(ProcessTestSupport.eventually { ProcessTestSupport.lines(of: logPath).contains("hi") })
        #expect(ProcessTestSupport.read(logPath).hasPrefix("=== bblab: start 1 of sleeper at "))
        #expect(throws: NodeProcessError.self) { try node.start() }

        try node.pause()
        #expect(node.state == .paused)
        #expect(ProcessTestSupport.kernelState(first) == "T")
        try node.pause()  // again: nothing changes
        try node.resume()
        #expect(node.state == .running)
        #expect(ProcessTestSupport.eventually { ProcessTestSupport.kernelState(first) != "T" })

        node.kill()
        #expect(node.state == .killed)
        #expect(node.exitStatus == .signal(SIGKILL))
        #expect(ProcessStat.read(pid: first) == nil || ProcessStat.read(pid: first)?.startTime != nil)
        #expect(waitpid(first, nil, WNOHANG) == -1, "already reaped: not our child any more")
        node.kill()  // again: nothing happens
        #expect(throws: NodeProcessError.self) { try node.pause() }

        try node.restart()
        let second = try #require(node.pid)
        #expect(second != first)
        #expect(node.state == .running)
        #expect(node.startCount == 2)
        #expect(
            ProcessTestSupport.eventually {
                ProcessTestSupport.lines(of: logPath).filter { $0 == "hi" }.count == 2
            })
        #expect(ProcessTestSupport.read(logPath).contains("=== bblab: start 2 of sleeper at "))

        let status = node.terminate(grace: .seconds(5))
        #expect(status == .signal(SIGTERM))
        #expect(node.state == .exited(.signal(SIGTERM)))
        #expect(node.exitStatus == .signal(SIGTERM))
    }

    @Test func restartWhileRunningKillsTheOldProcess() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("exec sleep 30", in: folder)
        try node.start()
        let first = try #require(node.pid)
        try node.restart()
        let second = try #require(node.pid)
        #expect(second != first)
        #expect(ProcessStat.read(pid: first)?.startTime != ProcessStat.read(pid: second)?.startTime)
        #expect(kill(first, 0) != 0 || ProcessStat.read(pid: first)?.processGroup != first)
        node.kill()
    }

    @Test func exitOnItsOwnIsReapedWithItsCode() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("echo bye; exit 3", in: folder)
        try node.start()
        #expect(node.waitForExit(timeout: .seconds(10)) == .code(3))
        #expect(node.state == .exited(.code(3)))
        #expect(ProcessTestSupport.lines(of: node.configuration.logFilePath).contains("bye"))
        #expect(node.terminate(grace: .seconds(1)) == .code(3), "terminate after the end: just the status")
    }

    @Test func execFailureIsAClearError() throws {
        let folder = ProcessTestFolder()
        let node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "ghost", executablePath: "/nonexistent/bbd", logFilePath: folder.file("ghost.log"),
                workingFolder: folder.file("ghost")))
        do {
            try node.start()
            Issue.record("start() of a nonexistent program succeeded")
        } catch let error as NodeProcessError {
            guard case .spawnFailed(let executable, let code, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(executable == "/nonexistent/bbd")
            #expect(code == ENOENT)
            #expect("\(error)" == "cannot start /nonexistent/bbd: No such file or directory")
        }
        #expect(node.state == .notStarted)
        #expect(ProcessTestSupport.read(folder.file("ghost.log")).contains("cannot start: No such file or directory"))
    }

    @Test func terminateOfAPausedProcessStillEndsIt() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("exec sleep 30", in: folder)
        try node.start()
        try node.pause()
        #expect(node.terminate(grace: .seconds(5)) == .signal(SIGTERM))
    }

    @Test func terminateEscalatesToSigkillAfterTheGrace() throws {
        let folder = ProcessTestFolder()
        // An ignored SIGTERM is inherited by the sleep too.
        let node = ProcessTestSupport.shell("trap '' TERM; echo ready; sleep 30; echo survived", in: folder)
        try node.start()
        #expect(
            ProcessTestSupport.eventually {
                ProcessTestSupport.lines(of: node.configuration.logFilePath).contains("ready")
            })
        let started = ContinuousClock.now
        #expect(node.terminate(grace: .milliseconds(300)) == .signal(SIGKILL))
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(node.state == .killed)
    }

    @Test func leftoversInTheGroupDieWithTheLeader() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("sleep 30 & echo leftover $!", in: folder)
        try node.start()
        #expect(node.waitForExit(timeout: .seconds(10)) == .code(0))
        let log = ProcessTestSupport.read(node.configuration.logFilePath)
        let line = try #require(log.split(separator: "\n").first { $0.hasPrefix("leftover ") })
        let leftover = try #require(Int32(line.dropFirst("leftover ".count)))
        #expect(ProcessTestSupport.eventually { ProcessStat.isGoneOrZombie(pid: leftover) })
    }

    @Test func childStartsCleanOfTheLabsSignalsAndDescriptors() throws {
        let folder = ProcessTestFolder()
        // A descriptor without close-on-exec, and an ignored signal, in the lab.
        let leaky = open("/dev/null", O_RDONLY)
        defer { close(leaky) }
        let previous = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, previous) }
        let node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "status", executablePath: "/bin/sh",
                arguments: [
                    "-c", "grep -E '^Sig(Ign|Blk)' /proc/self/status; ls /proc/self/fd | tr '\\n' ' '; echo; pwd",
                ],
                logFilePath: folder.file("status.log"), workingFolder: folder.file("work")))
        try node.start()
        #expect(node.waitForExit(timeout: .seconds(10)) == .code(0))
        let lines = ProcessTestSupport.read(folder.file("status.log")).split(separator: "\n").map(String.init)
        let ignored = try #require(lines.first { $0.hasPrefix("SigIgn:") }?.split(separator: "\t").last)
        let mask = try #require(UInt64(ignored, radix: 16))
        #expect(mask & (1 << (UInt64(SIGUSR2) - 1)) == 0, "SIGUSR2 is ignored in the lab but not in the child")
        #expect(lines.contains("SigBlk:\t0000000000000000"))
        // ls itself opens one descriptor (3) to list the folder: nothing else is inherited.
        #expect(lines.contains("0 1 2 3 "), "inherited descriptors: \(lines)")
        #expect(lines.last == folder.file("work"), "runs in its working folder")
    }

    @Test func environmentAdditionsReachTheChild() throws {
        let folder = ProcessTestFolder()
        let node = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "env", executablePath: "/usr/bin/env", environment: ["BBLAB_TEST_MARK": "42"],
                inheritsEnvironment: false, logFilePath: folder.file("env.log"), workingFolder: folder.path))
        try node.start()
        #expect(node.waitForExit(timeout: .seconds(10)) == .code(0))
        let lines = ProcessTestSupport.read(folder.file("env.log")).split(separator: "\n").dropFirst()
        #expect(Array(lines) == ["BBLAB_TEST_MARK=42"])
    }

    @Test func processStatParsesNamesWithSpacesAndParentheses() {
        let line = "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10"
        let stat = ProcessStat.parse(line)
        #expect(stat == ProcessStat(state: "S", parentPID: 1, processGroup: 4242, startTime: 987654))
    }
}
