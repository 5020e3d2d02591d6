/// A checker's conclusion.
public enum CheckVerdict: String, Sendable, Hashable, Codable, Comparable {
    /// The property holds on this run.
    case ok
    /// The history could not decide (not enough data, or the search ran out of time).
    case unknown
    /// The property is broken; the evidence shows where.
    case violation

    private var rank: Int {
        switch self {
        case .ok: 0
        case .unknown: 1
        case .violation: 2
        }
    }

    public static func < (left: CheckVerdict, right: CheckVerdict) -> Bool { left.rank < right.rank }
}
