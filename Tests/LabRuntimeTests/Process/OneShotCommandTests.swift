import Foundation
import LabRuntime
import TestSupport
import Testing

@Suite("OneShotCommand: input, output, error, exit and the time bound", .timeLimit(.minutes(1)), .ownThreadsUnqueued)
struct OneShotCommandTests {
    @Test func collectsEachStreamAndTheExitCode() throws {
        let outcome = try OneShotCommand.run(
            executable: "/bin/sh", arguments: ["-c", "cat; echo to-error >&2; exit 3"], input: "from stdin\n")
        #expect(outcome.output == "from stdin\n")
        #expect(outcome.error == "to-error\n")
        #expect(outcome.exitStatus == .code(3))
        #expect(outcome.exitCode == 3)
    }

    @Test func largeOutputDoesNotBlockTheChild() throws {
        // More than a pipe holds (64 KiB): files, not pipes, so nothing waits on a reader.
        let outcome = try OneShotCommand.run(
            executable: "/bin/sh", arguments: ["-c", "head -c 300000 /dev/zero | tr '\\\\0' x"])
        #expect(outcome.output.utf8.count == 300_000)
        #expect(outcome.exitCode == 0)
    }

    @Test func aCommandPastItsBoundIsKilled() throws {
        let outcome = try OneShotCommand.run(
            executable: "/bin/sh", arguments: ["-c", "exec sleep 30"], timeout: .milliseconds(300))
        #expect(outcome.exitStatus == .signal(9))
        #expect(outcome.exitCode == -1)
    }

    @Test func aMissingProgramIsAClearError() {
        #expect(throws: NodeProcessError.self) {
            try OneShotCommand.run(executable: "/no/such/program", arguments: [])
        }
    }
}
