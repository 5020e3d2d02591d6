/// A bench that cannot go on (a daemon that does not start or dies, a socket that refuses,
/// stores that cannot be prepared): printed as `Error: …`, exit 1.
public struct BenchRunError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
