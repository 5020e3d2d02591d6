/// One live child as written to the run folder's pids file, so that another process
/// (`bblab down`) can find and kill it after the lab is gone.
public struct RecordedProcess: Codable, Sendable, Equatable {
    public var name: String
    public var pid: Int32
    /// The child's process group (its own pid: every child leads a new group).
    public var processGroup: Int32
    /// `/proc/<pid>/stat` start time (clock ticks since boot): with the boot id, it tells the
    /// recorded process from a later one that reused the pid.
    public var startTime: UInt64?
    public var executable: String
    public var arguments: [String]

    public init(
        name: String, pid: Int32, processGroup: Int32, startTime: UInt64?, executable: String, arguments: [String]
    ) {
        self.name = name
        self.pid = pid
        self.processGroup = processGroup
        self.startTime = startTime
        self.executable = executable
        self.arguments = arguments
    }
}

/// The pids file: the lab that wrote it, the boot it ran in, and its live children.
public struct PidsFile: Codable, Sendable, Equatable {
    public var labPID: Int32
    public var bootID: String?
    public var processes: [RecordedProcess]

    public init(labPID: Int32, bootID: String?, processes: [RecordedProcess]) {
        self.labPID = labPID
        self.bootID = bootID
        self.processes = processes
    }
}
