/// How one operation ended, as the client saw it.
public enum OperationOutcome: String, Sendable, Hashable, Codable {
    /// Acknowledged: the daemon answered 2xx.
    case ok
    /// Definitely did not happen: the daemon answered with an error that leaves no effect
    /// (any 4xx, and the 5xx answers the error catalogue says were refused before applying).
    case fail
    /// May or may not have happened: timeout, connection lost after the request was sent,
    /// or an error whose effect is unknown. Checkers must allow both.
    case unknown
}
