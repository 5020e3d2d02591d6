/// An answer the bench's minimal parser cannot frame: the connection is abandoned.
public enum BenchResponseError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedStatusLine
    case malformedHeader
    case invalidContentLength
    /// Chunked bodies and bodies delimited by the connection's end are not supported (bbd
    /// always sends `Content-Length`).
    case unsupportedFraming
    case headTooLarge

    public var description: String {
        switch self {
        case .malformedStatusLine: "malformed status line"
        case .malformedHeader: "malformed header"
        case .invalidContentLength: "invalid Content-Length"
        case .unsupportedFraming: "response without Content-Length (chunked or close-delimited)"
        case .headTooLarge: "response head over 64 KiB"
        }
    }
}
