import BunnyCore
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Group commit for `--data-dir` (`docs/architecture.md`, "Persistence"). Confined to the
/// replica's event loop, like the coordinator; the file work runs on one writer thread.
///
/// At the end of every event-loop tick that changed something, and whenever the previous
/// write finished, the changed keys are taken from the replica as one batch and handed to
/// the writer; changes made while a batch is being written wait for the next one, so under
/// load each write (and each sync) carries many changes. Answers to public requests wait until
/// the batch holding their change is written (handed to the kernel, so a `kill -9` cannot
/// undo it) and, with `--fsync=always`, synced.
///
/// Under `interval` the periodic sync runs on a second thread, beside the writes: a slow
/// `fdatasync` never holds back the next batch's `write`, so what a `kill -9` can take is only
/// the batch not yet handed to the kernel, never a sync's worth of writes.
///
/// A failed write or sync stops the daemon (exit 74, after a critical log line): carrying
/// on would acknowledge writes that are not on disk, and after a failed fsync the kernel may
/// already have dropped the pages it could not write.
final class PersistenceController: @unchecked Sendable {
    let host: ReplicaHost
    let configuration: PersistenceConfiguration
    let logger: Logger
    private let writer: DurableLogWriter
    private let threadPool: NIOThreadPool
    /// Runs the periodic `fdatasync` of `interval`, so that it never delays a write.
    private let syncThreadPool: NIOThreadPool
    private var isSyncing = false

    private var isWriting = false
    private var isFlushScheduled = false
    private var isClosed = false
    /// Every change up to this journal sequence is written (and synced, with `always`).
    private var writtenSequence: UInt64 = 0
    /// Whether something was written since the last sync.
    private var hasUnsyncedWrites = false
    private var logBytesSinceSnapshot: Int
    private var snapshotBytes: Int
    /// Answers waiting for their change to be synced (`always`), by journal sequence.
    private var waitingAcknowledgements: [(sequence: UInt64, promise: EventLoopPromise<Void>)] = []
    private var timer: RepeatedTask?

    init(
        host: ReplicaHost, configuration: PersistenceConfiguration, writer: DurableLogWriter, logBytes: Int,
        snapshotBytes: Int, logger: Logger
    ) {
        self.host = host
        self.configuration = configuration
        self.writer = writer
        self.logBytesSinceSnapshot = logBytes
        self.snapshotBytes = snapshotBytes
        self.logger = logger
        threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        syncThreadPool = NIOThreadPool(numberOfThreads: 1)
        syncThreadPool.start()
    }

    private var eventLoop: any EventLoop { host.eventLoop }

    /// Whether answers to public requests wait for the changes made before them to be written
    /// (synced, with `always`): with every policy. See `docs/architecture.md`.
    var holdsAcknowledgements: Bool { true }

    /// Starts the periodic check: the sync interval, or 100 ms (changes made by timers, such
    /// as expiry, are written by it).
    func start() {
        let period: Duration
        if case .interval(let interval) = configuration.syncPolicy {
            period = interval
        } else {
            period = .milliseconds(100)
        }
        let amount = TimeAmount.nanoseconds(period.nanoseconds)
        timer = eventLoop.scheduleRepeatedTask(initialDelay: amount, delay: amount) { _ in
            self.flushIfNeeded(syncRequested: true)
        }
    }

    /// Called after every request and every cluster event: writes at the end of this tick
    /// if anything changed.
    func changesMayBePending() {
        guard !isFlushScheduled, !isWriting, !isClosed else { return }
        isFlushScheduled = true
        eventLoop.execute {
            self.isFlushScheduled = false
            self.flushIfNeeded(syncRequested: false)
        }
    }

    /// For an answer to a public request: a future that succeeds once every change made so far
    /// is written (and synced, with `always`); nil when there is nothing to wait for.
    func acknowledgementBarrier() -> EventLoopFuture<Void>? {
        guard let journal = host.replica.persistence?.journal,
            journal.sequence > writtenSequence
        else { return nil }
        let promise = eventLoop.makePromise(of: Void.self)
        waitingAcknowledgements.append((journal.sequence, promise))
        changesMayBePending()
        return promise.futureResult
    }

    private var syncsEveryBatch: Bool { configuration.syncPolicy == .always }

    private func flushIfNeeded(syncRequested: Bool) {
        guard !isClosed else { return }
        if syncRequested, hasUnsyncedWrites, configuration.syncPolicy != .never { startSync() }
        guard !isWriting else { return }
        let replica = host.replica
        let needsSnapshot = logBytesSinceSnapshot > max(configuration.snapshotMinimumLogBytes, snapshotBytes)
        guard replica.hasDurableChanges || needsSnapshot else { return }
        let synchronize = syncsEveryBatch
        let batch = replica.takeDurableChanges(snapshot: needsSnapshot)
        isWriting = true
        let writer = self.writer
        threadPool.runIfActive(eventLoop: eventLoop) { () throws -> (bytes: Int, isSnapshot: Bool) in
            if batch.isSnapshot { return (try writer.writeSnapshot(batch.records), true) }
            return (try writer.append(batch.records, synchronize: synchronize), false)
        }.whenComplete { result in
            self.isWriting = false
            switch result {
            case .success(let written):
                if written.isSnapshot {
                    self.snapshotBytes = written.bytes
                    self.logBytesSinceSnapshot = 0
                    self.logger.info(
                        "snapshot written",
                        metadata: [
                            "persistence.records": "\(batch.records.count)", "persistence.bytes": "\(written.bytes)",
                            "persistence.generation": "\(writer.generation)",
                        ])
                } else {
                    self.logBytesSinceSnapshot += written.bytes
                    if !synchronize { self.hasUnsyncedWrites = true }
                }
                self.noteWritten(through: batch.sequence)
                if self.isClosed { return }
                if self.host.replica.hasDurableChanges { self.flushIfNeeded(syncRequested: false) }
            case .failure(let error):
                self.stopTheDaemon(error)
            }
        }
    }

    /// Syncs everything written so far, on the sync thread (one sync at a time).
    private func startSync() {
        guard !isSyncing else { return }
        isSyncing = true
        hasUnsyncedWrites = false
        let writer = self.writer
        syncThreadPool.runIfActive(eventLoop: eventLoop) { try writer.synchronize() }.whenComplete { result in
            self.isSyncing = false
            if case .failure(let error) = result { self.stopTheDaemon(error) }
        }
    }

    private func noteWritten(through sequence: UInt64) {
        writtenSequence = max(writtenSequence, sequence)
        guard !waitingAcknowledgements.isEmpty else { return }
        var remaining: [(sequence: UInt64, promise: EventLoopPromise<Void>)] = []
        for waiting in waitingAcknowledgements {
            if waiting.sequence <= writtenSequence { waiting.promise.succeed() } else { remaining.append(waiting) }
        }
        waitingAcknowledgements = remaining
    }

    private func stopTheDaemon(_ error: any Error) {
        logger.critical(
            "persistence failed; stopping so that no write is acknowledged without being on disk",
            metadata: ["error": "\(error)", "data.dir": "\(configuration.directory)"])
        exit(74)
    }

    /// Writes and syncs whatever is left, then stops the writer thread. For SIGTERM: a
    /// graceful stop loses nothing, whatever the policy. Bounded by `deadline`.
    func close(deadline: MonotonicTime) async {
        while SystemClock.monotonicNow() < deadline {
            let done =
                (try? await eventLoop.submit { () -> Bool in
                    if self.isWriting || self.isSyncing { return false }
                    if self.host.replica.hasDurableChanges || self.hasUnsyncedWrites {
                        self.flushIfNeeded(syncRequested: false)
                        if !self.isWriting, self.hasUnsyncedWrites { self.startSync() }
                        return false
                    }
                    self.isClosed = true
                    self.timer?.cancel()
                    return true
                }.get()) ?? true
            if done { break }
            try? await Task.sleep(for: .milliseconds(5))
        }
        try? await eventLoop.submit {
            self.isClosed = true
            self.timer?.cancel()
            for waiting in self.waitingAcknowledgements { waiting.promise.fail(ChannelError.ioOnClosedChannel) }
            self.waitingAcknowledgements.removeAll()
        }.get()
        try? await threadPool.shutdownGracefully()
        try? await syncThreadPool.shutdownGracefully()
        writer.close()
    }
}
