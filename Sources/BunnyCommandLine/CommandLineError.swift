/// A reason to stop before doing the work: the text to print, where to print it, and the
/// process exit code (`daemon-cli.md` §5: 0 usage, 1 configuration, 2 flag parse error).
public struct CommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Destination: Sendable, Equatable {
        case standardOutput
        case standardError
    }

    public var exitCode: Int32
    /// The full text to print, ending with a newline.
    public var message: String
    public var destination: Destination

    public init(exitCode: Int32, message: String, destination: Destination = .standardError) {
        self.exitCode = exitCode
        self.message = message.hasSuffix("\n") ? message : message + "\n"
        self.destination = destination
    }

    /// Exit 1: the configuration is unusable (missing secret, bad site, ...).
    static func configuration(_ message: String) -> CommandLineError {
        CommandLineError(exitCode: 1, message: message)
    }

    /// Exit 2: a flag error, followed by the flag list.
    static func flagError(_ message: String, usage: String) -> CommandLineError {
        CommandLineError(exitCode: 2, message: message + "\n" + usage)
    }

    /// Exit 0: the flag list was asked for.
    static func help(_ usage: String) -> CommandLineError {
        CommandLineError(exitCode: 0, message: usage, destination: .standardOutput)
    }

    public var description: String { message }
}
