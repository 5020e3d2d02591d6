/// `--data-dir` and its companions (`docs/architecture.md`, "Persistence"). Absent from
/// `DaemonConfiguration` when the daemon runs in memory only.
public struct PersistenceConfiguration: Sendable, Equatable {
    /// When written changes are forced to stable storage with `fdatasync`.
    public enum SyncPolicy: Sendable, Equatable, CustomStringConvertible {
        /// Every batch is synced before the writes in it are acknowledged: an acknowledged
        /// write survives a power loss. Costs a sync per batch (group commit shares it).
        case always
        /// Batches are written (handed to the kernel) as they come and synced at most this
        /// long after: an acknowledged write survives a crash of the process at once, and a
        /// power loss once the interval has passed.
        case interval(Duration)
        /// Batches are written as they come and never synced by bbd (the kernel writes them
        /// back on its own schedule): survives a crash of the process, not of the machine.
        case never

        public var description: String {
            switch self {
            case .always: "always"
            case .interval(let interval): "interval \(interval)"
            case .never: "never"
            }
        }
    }

    public var directory: String
    public var syncPolicy: SyncPolicy
    /// A snapshot is written once the log since the last one is longer than this and longer
    /// than that snapshot: the log stays bounded by the live data, and so does replay time.
    public var snapshotMinimumLogBytes: Int

    public static let defaultSyncInterval: Duration = .milliseconds(20)
    public static let defaultSnapshotMinimumLogBytes = 64 * 1024 * 1024

    public init(
        directory: String, syncPolicy: SyncPolicy = .interval(defaultSyncInterval),
        snapshotMinimumLogBytes: Int = defaultSnapshotMinimumLogBytes
    ) {
        self.directory = directory
        self.syncPolicy = syncPolicy
        self.snapshotMinimumLogBytes = snapshotMinimumLogBytes
    }
}
