import BunnyCore

/// An error answer of the daemon (any status other than 200). The daemon decided, so the
/// outcome is definite: a refused write did not happen.
public struct ErrorResponse: Sendable, Equatable {
    public var status: Int
    /// The raw `BigBunny-Error-Code` header, if any.
    public var errorCode: String?
    /// The body with its trailing newline removed.
    public var message: String
    /// `Retry-After` in seconds, if present and numeric.
    public var retryAfterSeconds: Int?
    /// `BigBunny-Lock-State: unknown` was present (only with `409 LockStateUnknown`).
    public var lockStateUnknown: Bool

    public init(
        status: Int, errorCode: String?, message: String, retryAfterSeconds: Int? = nil, lockStateUnknown: Bool = false
    ) {
        self.status = status
        self.errorCode = errorCode
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.lockStateUnknown = lockStateUnknown
    }

    public init(response: ClientResponse) {
        var message = response.bodyText
        while message.hasSuffix("\n") || message.hasSuffix("\r") { message.removeLast() }
        self.init(
            status: response.status,
            errorCode: response.header(HeaderName.errorCode),
            message: message,
            retryAfterSeconds: response.header(HeaderName.retryAfter).flatMap { Int($0.trimmingSpaces) },
            lockStateUnknown: response.header(HeaderName.lockState)?.lowercased() == "unknown")
    }

    /// The error code as a known catalogue value, if it is one.
    public var code: ErrorCode? { errorCode.flatMap(ErrorCode.init(rawValue:)) }

    /// Whether the same request may succeed if sent again later (`api.md` §12): a busy or
    /// changing cluster (`503` JoinSyncing, LeaderChanged, NameCreating, StoreUnavailable),
    /// rate or tombstone limits (`429`), and a held or unknown lock (`409` StoreLocked,
    /// LockStateUnknown).
    public var isRetryable: Bool {
        switch status {
        case 429:
            return true
        case 503:
            return [.joinSyncing, .leaderChanged, .nameCreating, .storeUnavailable].contains(code)
        case 409:
            return code == .storeLocked || code == .lockStateUnknown
        default:
            return false
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice
    }
}
