/// Values of the `BigBunny-Error-Code` header.
///
/// The first group is the documented catalogue (`api.md` §12.1). The second group names the
/// errors the reference leaves without a code (DECISIONS row 7); each is listed in
/// `docs/compatibility.md`.
public enum ErrorCode: String, Sendable, CaseIterable {
    case notFound = "NotFound"
    case unauthorized = "Unauthorized"
    case storeLocked = "StoreLocked"
    case lockMismatch = "LockMismatch"
    case storeExpired = "StoreExpired"
    case lockStateUnknown = "LockStateUnknown"
    case leaderChanged = "LeaderChanged"
    case joinSyncing = "JoinSyncing"
    case nameCreating = "NameCreating"
    case storeUnavailable = "StoreUnavailable"
    case capacityExceeded = "CapacityExceeded"
    case customerQuotaExceeded = "CustomerQuotaExceeded"
    case tombstoneLimitExceeded = "TombstoneLimitExceeded"
    case typeMismatch = "TypeMismatch"
    case overflow = "Overflow"
    case valueOutOfBounds = "ValueOutOfBounds"
    case invalidBounds = "InvalidBounds"

    // Codes of our own for errors the reference sends without one.
    case missingCustomerID = "MissingCustomerID"
    case invalidCustomerID = "InvalidCustomerID"
    case rateLimited = "RateLimited"
    case bodyTooLarge = "BodyTooLarge"
    case bodyReadFailed = "BodyReadFailed"
    case missingName = "MissingName"
    case invalidName = "InvalidName"
    case nameExists = "NameExists"
    case missingLockID = "MissingLockID"
    case invalidJSON = "InvalidJSON"
    case invalidTTL = "InvalidTTL"
    case invalidWatch = "InvalidWatch"
    case methodNotAllowed = "MethodNotAllowed"
    case routeNotFound = "RouteNotFound"
    case headersTooLarge = "HeadersTooLarge"
    case requestTimeout = "RequestTimeout"
    case badRequest = "BadRequest"
    case internalError = "InternalError"
}
