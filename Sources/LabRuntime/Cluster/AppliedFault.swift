import LabCore

/// A fault as it was applied: when (lab clock), what was asked, which nodes or links it hit.
public struct AppliedFault: Sendable {
    public var timeNanoseconds: Int64
    public var request: FaultRequest
    public var targets: [String]
    public var summary: String

    /// One line of `faults.jsonl`.
    public var jsonLine: String {
        LabJSON.object([
            ("t_ns", String(timeNanoseconds)), ("request", String(decoding: request.encode(), as: UTF8.self)),
            ("targets", LabJSON.array(targets.map(LabJSON.string))), ("summary", LabJSON.string(summary)),
        ])
    }
}
