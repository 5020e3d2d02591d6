/// A flag value `bblab bench` refuses, with a message that names the flag and what it takes.
public struct BenchConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
