/// Why a timestamp string was refused by `RFC3339Time.parse`.
public struct RFC3339TimeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The offending text, as received.
    public var text: String
    /// What is wrong with it.
    public var reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid RFC 3339 time \"\(text)\": \(reason)" }
}
