import LabCore

/// One applied fault from `faults.jsonl`: when it fired, what was asked, which nodes or links
/// it hit (role targets already resolved).
public struct FaultObservation: Sendable, Equatable {
    public var timeNanoseconds: Int64
    public var request: FaultRequest
    public var targets: [String]
    public var summary: String

    public init(timeNanoseconds: Int64, request: FaultRequest, targets: [String], summary: String = "") {
        self.timeNanoseconds = timeNanoseconds
        self.request = request
        self.targets = targets
        self.summary = summary
    }
}
