import Foundation
import LabRuntime
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("ProcessGroupRegistry: teardown and the pids file", .timeLimit(.minutes(2)), .ownThreadsUnqueued)
struct ProcessGroupRegistryTests {
    func pidsFile(_ registry: ProcessGroupRegistry) throws -> PidsFile {
        let path = try #require(registry.pidsFilePath)
        return try JSONDecoder().decode(PidsFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func recordsLiveProcessesAndTerminatesThemAll() throws {
        let folder = ProcessTestFolder()
        let registry = ProcessGroupRegistry(runFolder: folder.path)
        let first = ProcessTestSupport.shell("exec sleep 30", in: folder, name: "a", registry: registry)
        let second = ProcessTestSupport.shell(
            "trap '' TERM; echo ready; sleep 30", in: folder, name: "b", registry: registry)
        try first.start()
        try second.start()
        #expect(
            ProcessTestSupport.eventually {
                ProcessTestSupport.lines(of: second.configuration.logFilePath).contains("ready")
            })
        #expect(registry.processes.count == 2)

        let recorded = try pidsFile(registry)
        #expect(recorded.labPID == getpid())
        #expect(Set(recorded.processes.map(\.pid)) == Set([first.pid!, second.pid!]))
        #expect(Set(recorded.processes.map(\.name)) == ["a", "b"])
        for process in recorded.processes {
            #expect(process.processGroup == process.pid)
            #expect(process.startTime == ProcessStat.read(pid: process.pid)?.startTime)
        }

        registry.terminateAll(grace: .milliseconds(500))
        #expect(first.state == .exited(.signal(SIGTERM)))
        #expect(second.state == .killed, "ignores SIGTERM: killed after the grace")
        #expect(try pidsFile(registry).processes.isEmpty)
        #expect(registry.liveProcesses.isEmpty)
        registry.terminateAll(grace: .milliseconds(100))  // again: nothing to do
    }

    /// A registry and its supervisors must not keep each other alive: once the children are
    /// reaped and nobody else holds them, both go away. (They held each other strongly, so every
    /// lab leaked its supervisors, registry and records; LeakSanitizer reported them at exit.)
    @Test func aRegistryAndItsSupervisorsGoAwayOnceTheChildrenAreReaped() throws {
        let folder = ProcessTestFolder()
        weak var weakRegistry: ProcessGroupRegistry?
        weak var weakFirst: NodeProcess?
        weak var weakSecond: NodeProcess?
        do {
            let registry = ProcessGroupRegistry(runFolder: folder.path)
            let first = ProcessTestSupport.shell("exec sleep 30", in: folder, name: "a", registry: registry)
            let second = ProcessTestSupport.shell("exec sleep 30", in: folder, name: "b", registry: registry)
            try first.start()
            try second.start()
            registry.terminateAll(grace: .seconds(5))
            #expect(first.state == .exited(.signal(SIGTERM)))
            #expect(second.state == .exited(.signal(SIGTERM)))
            weakRegistry = registry
            weakFirst = first
            weakSecond = second
        }
        // Each waiter thread holds its supervisor until it has recorded the exit and returned,
        // which may be just after `terminateAll` saw the exit: wait for those threads to end.
        #expect(
            ProcessTestSupport.eventually { weakFirst == nil && weakSecond == nil },
            "the supervisors are kept alive after their children were reaped")
        #expect(weakRegistry == nil, "the registry is kept alive by its supervisors")
    }

    @Test func killRecordedKillsTheRecordedGroups() throws {
        let folder = ProcessTestFolder()
        let registry = ProcessGroupRegistry(runFolder: folder.path)
        let node = ProcessTestSupport.shell("sleep 30 & exec sleep 31", in: folder, name: "a", registry: registry)
        try node.start()
        let pid = try #require(node.pid)
        #expect(
            ProcessTestSupport.eventually {
                // The background sleep has started (a second process in the group).
                (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.contains {
                    guard let other = Int32($0), other != pid else { return false }
                    return ProcessStat.read(pid: other)?.processGroup == pid
                } ?? false
            })

        // As `bblab down` would, from the folder alone.
        let killed = try ProcessGroupRegistry.killRecorded(in: folder.path)
        #expect(killed.map(\.pid) == [pid])
        #expect(node.waitForExit(timeout: .seconds(5)) == .signal(SIGKILL))
        #expect(node.state == .exited(.signal(SIGKILL)), "killed from outside, not by kill()")
        // killRecorded removed the file; the registry in this same process rewrites it on the exit.
        let left = try? pidsFile(registry)
        #expect(left == nil || left!.processes.isEmpty)
        let groupLeft = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.contains {
            guard let other = Int32($0), let stat = ProcessStat.read(pid: other) else { return false }
            return stat.processGroup == pid && stat.state != "Z"
        }
        #expect(groupLeft == false)
        #expect(try ProcessGroupRegistry.killRecorded(in: folder.path).isEmpty, "no file: nothing to do")
    }

    @Test func killRecordedLeavesAReusedPidAlone() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("exec sleep 30", in: folder)
        try node.start()
        defer { node.kill() }
        let pid = try #require(node.pid)
        let startTime = try #require(ProcessStat.read(pid: pid)?.startTime)
        // A record of an older process that had the same pid.
        let stale = PidsFile(
            labPID: 1, bootID: nil,
            processes: [
                RecordedProcess(
                    name: "old", pid: pid, processGroup: pid, startTime: startTime - 1, executable: "/bin/sleep",
                    arguments: [])
            ])
        try JSONEncoder().encode(stale).write(to: URL(fileURLWithPath: folder.file(ProcessGroupRegistry.pidsFileName)))
        #expect(try ProcessGroupRegistry.killRecorded(in: folder.path).isEmpty)
        usleep(100_000)
        #expect(node.state == .running)
    }
}
