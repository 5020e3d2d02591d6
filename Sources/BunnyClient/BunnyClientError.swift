import BunnyCore

/// Why a request failed, split by what the caller may conclude about its effect.
///
/// *Definite* failures prove the request had no effect: the daemon refused it with an error
/// answer, or it never left the client. *Indefinite* failures (timeout after sending,
/// connection lost, unreadable answer) leave the effect unknown: a write may have been applied.
public enum BunnyClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The daemon answered with a status other than 200.
    case errorAnswer(ErrorResponse)
    /// No connection could be made (socket missing, refused, connect timeout); nothing was sent.
    case connectionFailed(socketPath: String, detail: String)
    /// No complete answer within the request timeout. `requestSent` is false when the request
    /// was still waiting for a connection and was never written.
    case timedOut(after: Duration, requestSent: Bool)
    /// The connection broke after the request was handed to it.
    case connectionLost(detail: String)
    /// The answer could not be parsed, or lacked what the endpoint promises.
    case malformedResponse(detail: String)
    /// The client was shut down before the request was sent.
    case clientShutDown

    /// True when the request certainly had no effect on the daemon.
    public var isDefinite: Bool {
        switch self {
        case .errorAnswer, .connectionFailed, .clientShutDown: return true
        case .timedOut(_, let requestSent): return !requestSent
        case .connectionLost, .malformedResponse: return false
        }
    }

    /// True when sending the same request again later may succeed: error answers the catalogue
    /// marks as transient (`ErrorResponse.isRetryable`), and failures that happened before
    /// anything was sent (no connection, timed out while waiting for one).
    /// Indefinite failures are never retryable here: retrying a write whose outcome is unknown
    /// is the caller's decision.
    public var isRetryable: Bool {
        switch self {
        case .errorAnswer(let answer): return answer.isRetryable
        case .connectionFailed: return true
        case .timedOut(_, let requestSent): return !requestSent
        case .connectionLost, .malformedResponse, .clientShutDown: return false
        }
    }

    /// The error answer, when the daemon gave one.
    public var errorResponse: ErrorResponse? {
        if case .errorAnswer(let answer) = self { return answer }
        return nil
    }

    public var description: String {
        switch self {
        case .errorAnswer(let answer):
            var text = "HTTP \(answer.status): \(answer.message)"
            if let code = answer.errorCode { text += " (\(code))" }
            return text
        case .connectionFailed(let socketPath, let detail):
            return "cannot connect to \(socketPath): \(detail)"
        case .timedOut(let after, let requestSent):
            return requestSent
                ? "no answer within \(after.shortDescription); the request may or may not have been applied"
                : "timed out after \(after.shortDescription) waiting for a connection; the request was not sent"
        case .connectionLost(let detail):
            return "connection lost: \(detail); the request may or may not have been applied"
        case .malformedResponse(let detail):
            return "malformed answer: \(detail)"
        case .clientShutDown:
            return "the client is shut down"
        }
    }
}

extension Duration {
    /// `5s`, `250ms`, `1.5s`: for messages.
    var shortDescription: String {
        let milliseconds = nanoseconds / 1_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        return "\(Double(milliseconds) / 1000)s"
    }
}
