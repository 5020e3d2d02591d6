/// The faults a `chaos:` section can draw, named as in scenario files.
///
/// Grouped by what they do to a pair, which decides when the planner may draw them
/// (``ChaosPlanner``): *down* faults take one node out (kill, pause, restart); *isolating*
/// faults split or reshape the pair (partition, one-way partition, promote) and want the pair
/// to themselves; *link* faults reshape messages on one direction of the peer link (drop,
/// delay, duplicate, reorder, reset); `skew` moves one node's wall clock.
public enum ChaosFaultKind: String, Sendable, CaseIterable, Equatable {
    case kill
    case pause
    case restart
    case promote
    case partition
    case oneWayPartition = "one-way-partition"
    case drop
    case delay
    case duplicate
    case reorder
    case reset
    case skew

    /// Takes its node down (no answers) until it is healed and has rejoined.
    public var takesNodeDown: Bool {
        switch self {
        case .kill, .pause, .restart: true
        default: false
        }
    }

    /// Wants the pair to itself: no other fault on the pair while it is on, and a recovery
    /// time after it before the next one (the stale side re-syncs after a partition or a
    /// promotion).
    public var isolatesPair: Bool {
        switch self {
        case .partition, .oneWayPartition, .promote: true
        default: false
        }
    }

    /// Acts on the network: healed by `heal`, which removes *every* network fault in the lab,
    /// so two of these never overlap.
    public var isNetworkFault: Bool {
        switch self {
        case .partition, .oneWayPartition, .drop, .delay, .duplicate, .reorder, .reset: true
        default: false
        }
    }

    /// Over in an instant: no heal step (a restart comes back by itself; a promotion resolves
    /// when the old primary hears the higher epoch).
    public var healsItself: Bool {
        switch self {
        case .restart, .promote: true
        default: false
        }
    }
}
