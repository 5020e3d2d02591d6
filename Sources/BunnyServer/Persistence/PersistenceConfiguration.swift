/// `--data-dir` and its companions (`docs/architecture.md`, "Persistence"). Absent from
/// `DaemonConfiguration` when the daemon runs in memory only.
public struct PersistenceConfiguration: Sendable, Equatable {
    /// When written changes are forced to stable storage with `fdatasync`. Under every policy
    /// an answer waits until its change is written (handed to the kernel: a crash of the
    /// process cannot undo it); the policies differ in what a power loss can take.
    public enum SyncPolicy: Sendable, Equatable, CustomStringConvertible {
        /// Every batch is synced before the answers waiting for it go out: an acknowledged
        /// write survives a power loss. Costs a sync per batch (group commit shares it).
        case always
        /// Batches are synced at most this long after they were written, on a thread of their
        /// own: a power loss takes at most this much of the acknowledged writes.
        case interval(Duration)
        /// Never synced by bbd (the kernel writes the pages back on its own schedule).
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
