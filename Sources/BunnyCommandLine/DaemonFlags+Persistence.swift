import BunnyServer

/// `--data-dir`, `--fsync`, `--fsync-interval` and `--snapshot-log-bytes`
/// (`docs/api.md`, "Persistence"). Without `--data-dir` the others are refused: they would
/// silently do nothing.
extension DaemonFlags {
    static func definePersistenceFlags(_ flags: inout FlagSet) {
        flags.string(
            "data-dir",
            usage: "directory for the append-only log and snapshots; empty = memory only (nothing survives a restart)")
        flags.string(
            "fsync", default: "interval",
            usage:
                "with -data-dir, when to fsync the log: always (before answering), interval (every -fsync-interval) or never"
        )
        flags.duration(
            "fsync-interval", default: PersistenceConfiguration.defaultSyncInterval,
            usage: "with -fsync=interval: longest time between a write and its fsync (1ms to 10s)")
        flags.integer(
            "snapshot-log-bytes", default: Int64(PersistenceConfiguration.defaultSnapshotMinimumLogBytes),
            usage: "with -data-dir: write a snapshot once the log exceeds this many bytes and the last snapshot's size")
    }

    static func persistenceConfiguration(_ flags: ParsedFlags) throws(CommandLineError) -> PersistenceConfiguration? {
        let directory = flags.string("data-dir")
        guard !directory.isEmpty else {
            for name in ["fsync", "fsync-interval", "snapshot-log-bytes"] where flags.explicitlySet.contains(name) {
                throw .configuration("--\(name) needs --data-dir (without it nothing is written to disk)")
            }
            return nil
        }
        let interval = flags.duration("fsync-interval")
        guard interval >= .milliseconds(1), interval <= .seconds(10) else {
            throw .configuration("invalid --fsync-interval \(interval): expected 1ms to 10s")
        }
        let policy: PersistenceConfiguration.SyncPolicy
        switch flags.string("fsync") {
        case "always": policy = .always
        case "interval": policy = .interval(interval)
        case "never": policy = .never
        case let other:
            throw .configuration("invalid --fsync \"\(other)\": expected always, interval or never")
        }
        if flags.explicitlySet.contains("fsync-interval"), policy != .interval(interval) {
            throw .configuration("--fsync-interval applies only to --fsync=interval")
        }
        let snapshotBytes = flags.integer("snapshot-log-bytes")
        guard snapshotBytes >= 4096, snapshotBytes <= 1 << 40 else {
            throw .configuration("invalid --snapshot-log-bytes \(snapshotBytes): expected 4096 to 1099511627776")
        }
        return PersistenceConfiguration(
            directory: directory, syncPolicy: policy, snapshotMinimumLogBytes: Int(snapshotBytes))
    }
}
