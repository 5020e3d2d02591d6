/// What the supervisor needs to start one daemon (or any program) the same way every time.
public struct NodeProcessConfiguration: Sendable, Equatable {
    /// A name for messages and the pids file (`n1`, `bbd-2`, …).
    public var name: String
    /// Absolute path of the program.
    public var executablePath: String
    /// Arguments after argv[0] (argv[0] is `executablePath`).
    public var arguments: [String]
    /// Variables added to (or replacing those of) the lab's own environment.
    public var environment: [String: String]
    /// Whether the child starts from the lab's environment (true) or from `environment` alone.
    public var inheritsEnvironment: Bool
    /// Standard output and error of every start, appended, with a separator line per start.
    public var logFilePath: String
    /// The child's working directory; created if missing. Holds the clock offset file.
    public var workingFolder: String
    /// Launch with libfaketime preloaded so that `setClockSkew` works (see `Faketime`).
    public var launchesThroughFaketime: Bool

    public init(
        name: String, executablePath: String, arguments: [String] = [], environment: [String: String] = [:],
        inheritsEnvironment: Bool = true, logFilePath: String, workingFolder: String,
        launchesThroughFaketime: Bool = false
    ) {
        self.name = name
        self.executablePath = executablePath
        self.arguments = arguments
        self.environment = environment
        self.inheritsEnvironment = inheritsEnvironment
        self.logFilePath = logFilePath
        self.workingFolder = workingFolder
        self.launchesThroughFaketime = launchesThroughFaketime
    }

    /// The libfaketime offset file (`+0`, `+3600s`, `-2.5s`), in the working folder.
    public var clockOffsetFilePath: String { workingFolder + "/clock-offset.faketime" }
}
