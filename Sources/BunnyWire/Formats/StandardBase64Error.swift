/// Why a string was refused by `StandardBase64.decode`.
public struct StandardBase64Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset of the problem in the input.
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid base64 at byte \(offset): \(reason)" }
}
