import CLabSpawn
import Foundation
import LabRuntime
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// PR_SET_PDEATHSIG(SIGKILL): children die with the lab.
@Suite("Parent-death signal", .timeLimit(.minutes(2)), .ownThreadsUnqueued)
struct ParentDeathSignalTests {
    /// Linux sends the parent-death signal when the forking *thread* exits: a child spawned
    /// straight from a short-lived thread dies with it. That shows the signal is set, and why
    /// the supervisor forks from one thread that never exits.
    @Test func childOfAnExitedThreadIsKilled() throws {
        let spawned = SpawnedPID()
        let thread = Thread {
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("30"), nil]
            let envp: [UnsafeMutablePointer<CChar>?] = [nil]
            spawned.set(lab_spawn("/bin/sleep", argv, envp, -1))
            for pointer in argv { free(pointer) }
        }
        thread.start()
        let pid = spawned.wait()
        try #require(pid > 0)
        var status: Int32 = 0
        let reaped = ProcessTestSupport.eventually { waitpid(pid, &status, WNOHANG) == pid }
        if !reaped { kill(pid, SIGKILL); waitpid(pid, nil, 0) }
        #expect(reaped, "the child outlived the thread that spawned it")
        #expect(status & 0x7f == SIGKILL)
    }

    /// The supervisor forks from its own permanent thread: a start from a short-lived thread
    /// (a retired Dispatch or Swift-concurrency worker) does not doom the child.
    @Test func supervisedChildOutlivesTheCallingThread() throws {
        let folder = ProcessTestFolder()
        let node = ProcessTestSupport.shell("exec sleep 30", in: folder)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? node.start()
            done.signal()
        }
        thread.start()
        done.wait()
        usleep(300_000)
        #expect(node.state == .running)
        node.kill()
        #expect(node.state == .killed)
    }

    /// The real thing: a process that used `lab_spawn` is SIGKILLed, and its child dies too.
    /// The "lab" here is a tiny C program built from Sources/CLabSpawn with the system compiler
    /// (skipped without one).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/cc")))
    func childDiesWhenTheSpawningProcessIsKilled() throws {
        let folder = ProcessTestFolder()
        let driver = folder.file("driver.c")
        try """
        #include <stdio.h>
        #include <unistd.h>
        #include "CLabSpawn.h"
        extern char **environ;
        int main(int argc, char **argv) {
            pid_t child = lab_spawn(argv[1], &argv[1], environ, -1);
            printf("child %d\\n", (int)child);
            fflush(stdout);
            for (;;) pause();
        }
        """.write(toFile: driver, atomically: true, encoding: .utf8)
        let source = ProcessTestSupport.packageRoot + "/Sources/CLabSpawn"
        let compiler = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "cc", executablePath: "/usr/bin/cc",
                arguments: [
                    "-I", source + "/include", source + "/lab_spawn.c", driver, "-o", folder.file("driver"),
                ],
                logFilePath: folder.file("cc.log"), workingFolder: folder.path))
        try compiler.start()
        let compiled = compiler.waitForExit(timeout: .seconds(60))
        try #require(compiled == .code(0), "cc failed: \(ProcessTestSupport.read(folder.file("cc.log")))")

        let lab = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "lab", executablePath: folder.file("driver"), arguments: ["/bin/sleep", "30"],
                logFilePath: folder.file("lab.log"), workingFolder: folder.path))
        try lab.start()
        var grandchild: Int32 = 0
        #expect(
            ProcessTestSupport.eventually {
                let line = ProcessTestSupport.read(folder.file("lab.log")).split(separator: "\n").last ?? ""
                grandchild = line.hasPrefix("child ") ? Int32(line.dropFirst(6)) ?? 0 : 0
                return grandchild > 0
            })
        try #require(grandchild > 0)
        let labPID = try #require(lab.pid)
        let stat = try #require(ProcessStat.read(pid: grandchild))
        #expect(stat.parentPID == labPID)
        #expect(stat.processGroup == grandchild, "in its own group: only the parent-death signal can reach it")
        #expect(stat.state != "Z")

        lab.kill()
        let died = ProcessTestSupport.eventually(timeout: .seconds(5)) {
            // Gone, a zombie waiting for init, or a recycled pid.
            guard let now = ProcessStat.read(pid: grandchild) else { return true }
            return now.state == "Z" || now.startTime != stat.startTime
        }
        if !died { kill(grandchild, SIGKILL) }
        #expect(died, "the grandchild survived its parent's SIGKILL")
    }
}

private final class SpawnedPID: @unchecked Sendable {
    private let condition = NSCondition()
    private var pid: Int32?

    func set(_ value: Int32) {
        condition.lock()
        pid = value
        condition.signal()
        condition.unlock()
    }

    func wait() -> Int32 {
        condition.lock()
        defer { condition.unlock() }
        while pid == nil { condition.wait() }
        return pid!
    }
}
