import BunnyClient
import BunnyCore
import LabCheckers

/// Turns a failed call into the history's outcome, following the error catalogue.
///
/// An error answer is definite (`fail`) because the daemon decided, with two exceptions for
/// writes: `503 LeaderChanged` (a secondary's forward to its leader failed, possibly after the
/// leader applied it) and `500`/`502`/`504`, whose effect the daemon does not promise. Transport
/// failures after the request left (timeout, connection lost, unreadable answer) are `unknown`
/// for writes. A read has no effect, so any failed read is `fail`.
enum OutcomeClassifier {
    struct Classification: Equatable {
        var outcome: OperationOutcome
        var status: Int?
        var error: String
        var retryable: Bool
        var retryAfterSeconds: Int?
    }

    static func classify(_ failure: BunnyClientError, isWrite: Bool) -> Classification {
        switch failure {
        case .errorAnswer(let answer):
            var outcome = OperationOutcome.fail
            if isWrite && (answer.code == .leaderChanged || [500, 502, 504].contains(answer.status)) {
                outcome = .unknown
            }
            return Classification(
                outcome: outcome, status: answer.status, error: answer.errorCode ?? "HTTP \(answer.status)",
                retryable: answer.isRetryable, retryAfterSeconds: answer.retryAfterSeconds)
        case .connectionFailed:
            return Classification(outcome: .fail, status: nil, error: "connect-failed", retryable: true)
        case .clientShutDown:
            return Classification(outcome: .fail, status: nil, error: "client-shut-down", retryable: false)
        case .timedOut(_, let requestSent):
            return Classification(
                outcome: requestSent && isWrite ? .unknown : .fail, status: nil,
                error: requestSent ? "timeout" : "timeout-before-send", retryable: !requestSent)
        case .connectionLost:
            return Classification(
                outcome: isWrite ? .unknown : .fail, status: nil, error: "connection-lost", retryable: false)
        case .malformedResponse:
            return Classification(
                outcome: isWrite ? .unknown : .fail, status: nil, error: "malformed-answer", retryable: false)
        }
    }
}
