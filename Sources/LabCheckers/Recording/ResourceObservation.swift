/// One line of `resources.jsonl`: a node's process sampled, the lab's own census, or the
/// workload's start or end.
public struct ResourceObservation: Sendable, Equatable {
    public enum Event: String, Sendable {
        case node
        case lab
        case workload
    }

    public var timeNanoseconds: Int64
    public var event: Event
    /// `before` / `after` (lab), `start` / `end` (workload).
    public var phase: String?
    public var node: String?
    public var pid: Int64?
    /// `running`, `paused`, `killed`, `exited`, `not-started`.
    public var state: String?
    /// Processes of this node that ended on their own so far.
    public var unexpectedExits: Int
    public var residentKilobytes: Int64?
    public var openFileDescriptors: Int64?
    public var childProcesses: Int64?
    /// Lab `after` lines: what the descriptors left open point at.
    public var descriptorsAdded: [String]

    public init(
        timeNanoseconds: Int64, event: Event, phase: String? = nil, node: String? = nil, pid: Int64? = nil,
        state: String? = nil, unexpectedExits: Int = 0, residentKilobytes: Int64? = nil,
        openFileDescriptors: Int64? = nil, childProcesses: Int64? = nil, descriptorsAdded: [String] = []
    ) {
        self.timeNanoseconds = timeNanoseconds
        self.event = event
        self.phase = phase
        self.node = node
        self.pid = pid
        self.state = state
        self.unexpectedExits = unexpectedExits
        self.residentKilobytes = residentKilobytes
        self.openFileDescriptors = openFileDescriptors
        self.childProcesses = childProcesses
        self.descriptorsAdded = descriptorsAdded
    }
}
