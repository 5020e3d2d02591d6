/// A scenario file that cannot be used: the file, the line when known, what is wrong.
public struct ScenarioProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
