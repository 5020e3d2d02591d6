/// One piece of evidence: what is wrong (or notable), the operations involved and the time
/// span, so a report can highlight them.
public struct CheckEvidence: Sendable, Hashable {
    /// Plain language: "increment #812 acknowledged by node1 at 6.212 s is missing ...".
    public var text: String
    /// `id`s of the history operations involved.
    public var operationIDs: [Int]
    /// The span it concerns, lab-clock nanoseconds.
    public var startNanoseconds: Int64?
    public var endNanoseconds: Int64?
    /// A short machine-readable kind, e.g. `lost-unexplained`, `dual-primary`, `stale-write`.
    public var kind: String
    /// Whether this item is itself a violation (evidence can also explain an allowed loss).
    public var isViolation: Bool

    public init(
        kind: String, text: String, operationIDs: [Int] = [], startNanoseconds: Int64? = nil,
        endNanoseconds: Int64? = nil, isViolation: Bool
    ) {
        self.kind = kind
        self.text = text
        self.operationIDs = operationIDs
        self.startNanoseconds = startNanoseconds
        self.endNanoseconds = endNanoseconds
        self.isViolation = isViolation
    }
}
