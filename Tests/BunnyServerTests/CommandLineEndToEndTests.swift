import Foundation
import LabRuntime
import TestSupport
import Testing

/// The `bbd` binary's client subcommands against a real daemon, as an operator runs them.
@Suite("CLI against the real daemon", .serialized, .ownThreads)
struct CommandLineEndToEndTests {
    let daemon: DaemonProcess

    init() throws {
        daemon = try DaemonProcess()
    }

    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `bbd <subcommand> --uds=<socket> <arguments>` with `input` on stdin.
    func bbd(_ subcommand: String, _ arguments: [String] = [], input: String = "") throws -> Outcome {
        try Self.runBinary([subcommand, "--uds=\(daemon.socketPath)"] + arguments, input: input)
    }

    /// Runs the `bbd` binary with exactly `arguments`, bounded in time.
    static func runBinary(_ arguments: [String], input: String = "") throws -> Outcome {
        let outcome = try OneShotCommand.run(
            executable: DaemonProcess.binaryURL.path, arguments: arguments, input: input, timeout: .seconds(30))
        return Outcome(status: outcome.exitCode, output: outcome.output, error: outcome.error)
    }

    /// `begin-modify`, then `complete-modify` with `replacement` on stdin: two processes against
    /// the daemon's fixed 500 ms lock. Returns whether the content was replaced.
    ///
    /// Done within the lock's 500 ms, the cycle must succeed. When the two processes took longer
    /// (a sanitized `bbd` takes about a second just to start), the lock may have expired before
    /// `complete-modify` arrived: then the one acceptable failure is the daemon's answer to an
    /// expired lock, 409 LockMismatch, with the content left as it was (checked by the caller).
    func modify(_ id: String, expecting current: String, to replacement: String) throws -> Bool {
        let started = ContinuousClock.now
        let lock = try bbd("begin-modify", ["--data", id])
        #expect(lock.status == 0 && lock.error.contains("Data: \(current)"), "\(lock)")
        let lockID = lock.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let completed = try bbd("complete-modify", ["--lock=\(lockID)", id], input: replacement)
        let elapsed = ContinuousClock.now - started
        if completed.status == 0 {
            #expect(completed.output == "modified\n", "\(completed)")
            return true
        }
        #expect(elapsed > .milliseconds(500), "failed within the lock's 500 ms: \(completed)")
        #expect(
            completed.error.contains("(409)") && completed.error.contains("LockMismatch"),
            "after \(elapsed), the lock may have expired, but nothing else may fail: \(completed)")
        print("CLI: begin-modify + complete-modify took \(elapsed), past the 500 ms lock: LockMismatch")
        return false
    }

    @Test func storeLifecycle() throws {
        let created = try bbd("create", ["--ttl=60", "--data=hello"])
        #expect(created.status == 0, "\(created)")
        let id = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("v1:0:"))
        let read = try bbd("get", ["--ttl", id])
        #expect(read.output == "hello" && read.error.contains("TTL: "))
        let modified = try modify(id, expecting: "hello", to: "from stdin")
        #expect(try bbd("get", [id]).output == (modified ? "from stdin" : "hello"))
        #expect(try bbd("delete", [id]).output == "deleted\n")
        let missing = try bbd("get", [id])
        #expect(
            missing.status == 1 && missing.error.contains("(404)") && missing.error.contains("error code: NotFound"))
        let foreign = try bbd(
            "get",
            [
                "--customer=globex",
                try bbd("create", ["--data=x"]).output.trimmingCharacters(in: .whitespacesAndNewlines),
            ])
        #expect(foreign.status == 1 && foreign.error.contains("invalid store ID"))
    }

    @Test func watchPrintsChangesAndEndsWhenNothingChanges() throws {
        let id = try bbd("create", ["--data=first"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let current = try bbd("watch", [id])
        #expect(current.status == 0 && current.output == "first\n" && current.error == "version 1\n", "\(current)")
        let quiet = try bbd("watch", ["--version=1", "--timeout=1", id])
        #expect(quiet.status == 3 && quiet.error.contains("no change within 1 seconds"), "\(quiet)")
        #expect(try bbd("watch", ["--timeout=500", id]).status != 0)
    }

    @Test func countersAndNames() throws {
        let counter = try bbd("counter-create", ["--value=5", "--with-max", "--max=10"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let incremented = try bbd("counter-increment", ["--delta=9", counter])
        #expect(incremented.output.contains("\"bounded\": true") && incremented.output.contains("\"value\": 10"))
        #expect(try bbd("counter-set", ["--value=3", counter]).output == "ok\n")
        #expect(try bbd("counter-get", [counter]).output.contains("\"value\": 3"))
        let named = try bbd("create", ["--name=cart:1", "--data=[]"]).output
        #expect(try bbd("lookup", ["cart:1"]).output == named)
        #expect(try bbd("create", ["--name=cart:1", "--reuse", "--data=[]"]).output == named)
        #expect(try bbd("delete-named", ["cart:1"]).output == "deleted\n")
        #expect(try bbd("lookup", ["cart:1"]).status == 1)
    }

    @Test func operatorCommandsAndErrors() throws {
        let status = try bbd("status")
        #expect(status.output.contains("Role:") && status.output.contains("PRIMARY"))
        #expect(try bbd("status", ["--json"]).output.contains(#""role":"PRIMARY""#))
        #expect(try bbd("promote").output == "promoted to PRIMARY\n")
        #expect(try bbd("complete-modify", ["some-id"]).error.contains("-lock is required"))
        let unreachable = try Self.runBinary(["status", "--uds=/tmp/no-such-bbd.sock"])
        #expect(unreachable.status == 1)
    }
}
