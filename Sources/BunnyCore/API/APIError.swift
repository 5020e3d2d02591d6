/// An error answer of the public API: status, optional code, the message (sent with a
/// trailing newline), and the extra headers some errors carry.
public struct APIError: Error, Equatable, Sendable {
    public var status: Int
    public var code: ErrorCode?
    public var message: String
    public var retryAfterSeconds: Int?
    /// Adds `BigBunny-Lock-State: unknown` (LockStateUnknown only).
    public var lockStateUnknown: Bool

    public init(
        status: Int, code: ErrorCode?, message: String, retryAfterSeconds: Int? = nil, lockStateUnknown: Bool = false
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.lockStateUnknown = lockStateUnknown
    }
}

extension APIError {
    /// Any failure to open a store ID: plain 400 with no code, so nothing leaks (DECISIONS 7).
    public static let invalidStoreID = APIError(status: 400, code: nil, message: "invalid store ID")

    public static let missingCustomerID = APIError(
        status: 401, code: .missingCustomerID, message: "missing customer ID")
    public static let invalidCustomerID = APIError(
        status: 400, code: .invalidCustomerID, message: "invalid customer ID: expected 1-64 of [A-Za-z0-9_-]")
    public static let rateLimited = APIError(
        status: 429, code: .rateLimited, message: "rate limit exceeded", retryAfterSeconds: 1)
    public static let bodyTooLarge = APIError(status: 413, code: .bodyTooLarge, message: "body too large")
    public static let bodyReadFailed = APIError(status: 400, code: .bodyReadFailed, message: "failed to read body")
    public static let missingName = APIError(status: 400, code: .missingName, message: "missing name")
    public static let invalidName = APIError(
        status: 400, code: .invalidName, message: "invalid name: expected 1-64 of [A-Za-z0-9_.:-]")
    public static let missingLockID = APIError(status: 400, code: .missingLockID, message: "missing lock ID")
    public static let invalidTTL = APIError(
        status: 400, code: .invalidTTL,
        message: "invalid BigBunny-Not-Valid-After: expected a positive whole number of seconds")
    public static let invalidKnownVersion = APIError(
        status: 400, code: .invalidWatch,
        message: "invalid BigBunny-Known-Version: expected a whole number")
    public static let invalidWatchTimeout = APIError(
        status: 400, code: .invalidWatch,
        message: "invalid BigBunny-Watch-Timeout: expected 0 to 120 whole seconds")
    public static let invalidJSONRequest = APIError(status: 400, code: .invalidJSON, message: "invalid JSON request")
    public static let invalidCounterUpdate = APIError(
        status: 400, code: .invalidJSON, message: "invalid JSON for counter update")
    public static let invalidCounterDefinition = APIError(
        status: 400, code: .invalidJSON, message: "invalid JSON for counter")

    public static let storeNotFound = APIError(status: 404, code: .notFound, message: "store not found")
    public static let nameNotFound = APIError(status: 404, code: .notFound, message: "name not found")
    public static let unauthorized = APIError(status: 403, code: .unauthorized, message: "unauthorized")
    public static let storeExpired = APIError(status: 410, code: .storeExpired, message: "store expired")
    public static let storeLocked = APIError(
        status: 409, code: .storeLocked, message: "store is locked", retryAfterSeconds: 1)
    public static let lockMismatch = APIError(status: 409, code: .lockMismatch, message: "lock mismatch")
    public static let lockStateUnknown = APIError(
        status: 409, code: .lockStateUnknown, message: "lock state unknown", retryAfterSeconds: 1,
        lockStateUnknown: true)
    public static let typeMismatch = APIError(status: 400, code: .typeMismatch, message: "store type mismatch")
    public static let overflow = APIError(status: 409, code: .overflow, message: "counter overflow")
    public static let valueOutOfBounds = APIError(
        status: 400, code: .valueOutOfBounds, message: "value out of bounds")
    public static let invalidBounds = APIError(status: 400, code: .invalidBounds, message: "invalid bounds")
    public static let customerQuotaExceeded = APIError(
        status: 507, code: .customerQuotaExceeded, message: "customer quota exceeded")
    public static let capacityExceeded = APIError(
        status: 507, code: .capacityExceeded, message: "capacity exceeded")
    public static let tombstoneLimitExceeded = APIError(
        status: 429, code: .tombstoneLimitExceeded, message: "tombstone limit exceeded", retryAfterSeconds: 1)

    public static let nameExists = APIError(status: 409, code: .nameExists, message: "name already exists")
    public static let nameReservationInProgress = APIError(
        status: 503, code: .nameCreating, message: "name reservation in progress", retryAfterSeconds: 1)
    public static let nameDeletionInProgress = APIError(
        status: 503, code: .nameCreating, message: "name deletion in progress", retryAfterSeconds: 1)

    public static let joinSyncing = APIError(
        status: 503, code: .joinSyncing, message: "primary syncing to secondary", retryAfterSeconds: 1)
    public static let forwardingDisabled = APIError(
        status: 503, code: .leaderChanged, message: "not primary (forwarding disabled)", retryAfterSeconds: 1)
    public static let leaderUnknown = APIError(
        status: 503, code: .leaderChanged, message: "leader unknown", retryAfterSeconds: 1)
    public static let recoveryInProgress = APIError(
        status: 503, code: .storeUnavailable, message: "recovery in progress", retryAfterSeconds: 1)

    public static func forwardingFailed(_ detail: String) -> APIError {
        APIError(
            status: 503, code: .leaderChanged, message: "forwarding failed: \(detail)", retryAfterSeconds: 1)
    }

    public static func internalError(_ message: String) -> APIError {
        APIError(status: 500, code: .internalError, message: message)
    }
}
