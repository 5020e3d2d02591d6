/// A property checked on a recorded run. Checkers are pure: same recording, same result.
public protocol RunChecker: Sendable {
    /// Stable name used in verdict files and scenario expectations.
    var name: String { get }
    func check(_ recording: RunRecording) -> CheckResult
}
