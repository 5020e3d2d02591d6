/// One fault of a chaos plan: what, where, when it starts and when it is healed.
public struct ChaosFault: Sendable, Equatable {
    /// 1, 2, … in order of start.
    public var number: Int
    public var kind: ChaosFaultKind
    public var pair: Int
    /// Seconds after the workload started.
    public var startSeconds: Double
    /// When the heal step undoes it; `nil` for kinds that heal themselves (restart, promote).
    public var healSeconds: Double?
    /// The fault as scenario steps write it (`kill node1`, `delay node2->node1 ms=200`).
    public var faultText: String
    /// The step that undoes it (`restart node1`, `resume node2`, `heal`, `skew node1 seconds=0`).
    public var healText: String?
    /// The node it takes down (kill, pause, restart), if any.
    public var downNode: String?
    /// Until when the planner counts the pair as recovering from it (its end plus the recovery
    /// time): a down node counts as down until then.
    public var recoveredSeconds: Double

    /// The last moment it acts: its heal, or its start when it heals itself.
    public var endSeconds: Double { healSeconds ?? startSeconds }
}
