/// A run folder file that cannot be read: which file, which line, what is wrong.
public struct RecordingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
