/// The lab's fault vocabulary, shared by the control API, the `bblab fault` verbs and the
/// scenario files. Targets are node names (`node1`), or `primary` / `secondary` resolved from
/// `/status` when the fault fires; `pair` picks the pair for role targets (default 1).
public enum FaultCommand: Equatable, Sendable {
    public enum PartitionMode: String, Sendable, CaseIterable {
        /// New connections are refused; open ones are reset.
        case refuse
        /// Connections are accepted; nothing is delivered or answered.
        case blackhole
        /// Every message is dropped.
        case drop
    }

    /// Cut the link between two nodes (both directions unless `oneWay`: then only from → to).
    case partition(from: String, to: String, mode: PartitionMode, oneWay: Bool)
    /// A message fault on one direction of a link, for some classes (empty: every class).
    case linkRule(link: LinkSelector, classes: [String], rule: LinkRule)
    /// Re-deliver the copies kept by a `replay` rule.
    case replayNow(link: LinkSelector)
    case kill(target: String)
    case pause(target: String)
    /// The operator's force-promote (`POST /internal/promote` on the node's Unix socket): epoch + 1.
    case promote(target: String)
    case resume(target: String)
    case restart(target: String)
    /// Shift a node's wall clock by `seconds` (monotonic time stays real).
    case skew(target: String, seconds: Double)
    /// Remove every network fault.
    case heal

    /// Whether this command acts on the network (and so `heal` undoes it).
    public var isNetworkFault: Bool {
        switch self {
        case .partition, .linkRule, .replayNow, .heal: return true
        default: return false
        }
    }
}

/// `A->B` with either side a node name or a role.
public struct LinkSelector: Equatable, Sendable, CustomStringConvertible {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    /// Parses `A->B`.
    public static func parse(_ text: String) -> LinkSelector? {
        let parts = text.split(separator: "->", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[0] != parts[1] else { return nil }
        return LinkSelector(from: parts[0], to: parts[1])
    }

    public var description: String { "\(from)->\(to)" }
}

/// One message fault.
public enum LinkRule: Equatable, Sendable {
    case drop(probability: Double)
    case delay(milliseconds: Double, jitterMilliseconds: Double)
    case duplicate(probability: Double)
    /// Hold a message and deliver it after the next one (the sender gets an immediate 200).
    case reorder
    /// Keep copies to re-deliver later with `replayNow`.
    case replay
    case reset(probability: Double)
}
