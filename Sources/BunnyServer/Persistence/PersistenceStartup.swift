import BunnyCore
import Logging

/// Opens the data directory at start-up: takes its lock, replays it into the replica (before
/// the replica starts, so the node comes up holding its data) and prepares the writer.
struct PersistenceStartup {
    let configuration: PersistenceConfiguration
    let logger: Logger

    /// The running persistence of one daemon: the controller, and the directory lock it must
    /// keep for its whole life.
    final class Running: @unchecked Sendable {
        let controller: PersistenceController
        private let lock: DataFile

        init(controller: PersistenceController, lock: DataFile) {
            self.controller = controller
            self.lock = lock
        }

        func close(deadline: MonotonicTime) async {
            await controller.close(deadline: deadline)
            lock.close()
        }
    }

    /// Replays the directory into `replica` (which must not have started). Throws a
    /// `DataDirectoryError` that says what to fix; never leaves a half-restored replica behind
    /// that would start.
    func open(host: ReplicaHost, replica: Replica) throws(DataDirectoryError) -> Running {
        let directory = DataDirectory(path: configuration.directory)
        let lock = try directory.createAndLock()
        let started = SystemClock.monotonicNow()
        let outcome = try DurableReplay(directory: directory)
            .run(at: SystemClock.wallNow(), tombstoneLifetime: replica.configuration.tombstoneLifetime)
        let replayed = SystemClock.monotonicNow()
        for notice in outcome.notices { logger.warning("data directory repaired", metadata: ["notice": "\(notice)"]) }
        replica.enablePersistence()
        if outcome.state.recordCount > 0 { replica.restore(outcome.state, at: SystemClock.now()) }
        let writer = try DurableLogWriter(
            directory: directory, generation: outcome.logGeneration, length: outcome.logLength)
        let restored = SystemClock.monotonicNow()
        logger.notice(
            "data directory replayed",
            metadata: [
                "data.dir": "\(configuration.directory)", "persistence.fsync": "\(configuration.syncPolicy)",
                "persistence.stores": "\(outcome.state.stores.count)",
                "persistence.names": "\(outcome.state.names.count)",
                "persistence.tombstones": "\(outcome.state.tombstones.count)",
                "persistence.records": "\(outcome.state.recordCount)",
                "persistence.expired.dropped": "\(outcome.storesDroppedAsExpired)",
                "persistence.standing": "\(outcome.state.standing.map { "\($0)" } ?? "none")",
                "persistence.files": "\(outcome.filesRead)", "persistence.bytes": "\(outcome.bytesRead)",
                "persistence.replay.ms": "\((replayed - started).nanoseconds / 1_000_000)",
                "persistence.total.ms": "\((restored - started).nanoseconds / 1_000_000)",
            ])
        let controller = PersistenceController(
            host: host, configuration: configuration, writer: writer, logBytes: outcome.logLength,
            snapshotBytes: outcome.snapshotBytes, logger: logger)
        return Running(controller: controller, lock: lock)
    }
}
