import BunnyCommandLine
import BunnyServer
import NIOConcurrencyHelpers

/// Standard streams for a test: input given up front, output collected.
final class CapturedIO: Sendable {
    private let output = NIOLockedValueBox<[UInt8]>([])
    private let errorOutput = NIOLockedValueBox<[UInt8]>([])
    private let input: [UInt8]
    private let inputReads = NIOLockedValueBox(0)

    init(input: String = "") {
        self.input = Array(input.utf8)
    }

    var io: CommandLineIO {
        CommandLineIO(
            writeOutput: { bytes in self.output.withLockedValue { $0.append(contentsOf: bytes) } },
            writeError: { bytes in self.errorOutput.withLockedValue { $0.append(contentsOf: bytes) } },
            readInput: {
                self.inputReads.withLockedValue { $0 += 1 }
                return self.input
            })
    }

    var standardOutput: String { String(decoding: output.withLockedValue { $0 }, as: UTF8.self) }
    var standardError: String { String(decoding: errorOutput.withLockedValue { $0 }, as: UTF8.self) }
    var inputWasRead: Bool { inputReads.withLockedValue { $0 } > 0 }
}

/// The outcome of one `bbd` invocation in a test.
struct Invocation {
    var exitCode: Int32
    var standardOutput: String
    var standardError: String
    var inputWasRead: Bool
    /// What the daemon runner received, in daemon mode.
    var daemonConfiguration: DaemonConfiguration?
}

/// Runs `bbd arguments...` in-process with captured streams and a recording daemon runner.
func bbd(
    _ arguments: [String], input: String = "", environment: [String: String] = [:]
) async -> Invocation {
    let captured = CapturedIO(input: input)
    let started = NIOLockedValueBox<DaemonConfiguration?>(nil)
    let exitCode = await CommandDispatcher.run(
        arguments: arguments, environment: environment, io: captured.io,
        runDaemon: { configuration in
            started.withLockedValue { $0 = configuration }
            return 0
        })
    return Invocation(
        exitCode: exitCode, standardOutput: captured.standardOutput, standardError: captured.standardError,
        inputWasRead: captured.inputWasRead, daemonConfiguration: started.withLockedValue { $0 })
}
