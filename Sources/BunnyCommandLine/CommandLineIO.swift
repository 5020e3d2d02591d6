import Foundation

/// The process's standard streams, as closures so tests can capture output and feed input.
public struct CommandLineIO: Sendable {
    public var writeOutput: @Sendable ([UInt8]) -> Void
    public var writeError: @Sendable ([UInt8]) -> Void
    /// Reads all of standard input (create and complete-modify without `--data`).
    public var readInput: @Sendable () throws -> [UInt8]

    public init(
        writeOutput: @escaping @Sendable ([UInt8]) -> Void,
        writeError: @escaping @Sendable ([UInt8]) -> Void,
        readInput: @escaping @Sendable () throws -> [UInt8]
    ) {
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.readInput = readInput
    }

    /// The real stdin, stdout and stderr (unbuffered writes).
    public static var standard: CommandLineIO {
        CommandLineIO(
            writeOutput: { bytes in writeAll(bytes, to: STDOUT_FILENO) },
            writeError: { bytes in writeAll(bytes, to: STDERR_FILENO) },
            readInput: { Array(FileHandle.standardInput.readDataToEndOfFile()) })
    }

    /// The process environment, for the secret fallbacks.
    public static var processEnvironment: [String: String] {
        ProcessInfo.processInfo.environment
    }

    public func output(_ text: String) {
        writeOutput(Array(text.utf8))
    }

    public func error(_ text: String) {
        writeError(Array(text.utf8))
    }

    func emit(_ error: CommandLineError) {
        switch error.destination {
        case .standardOutput: output(error.message)
        case .standardError: self.error(error.message)
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
