import BunnyCore
import BunnyPersistence
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// Writes batches to the current log and snapshots to new files, from the one writer thread
/// (`PersistenceController`), never from the event loop: a `write` or an `fdatasync` may block
/// for milliseconds. `synchronize` alone may also run on the sync thread, beside a write:
/// `logLock` keeps the log file from being swapped (at a snapshot) under a running sync.
final class DurableLogWriter: @unchecked Sendable {
    let directory: DataDirectory
    private(set) var generation: UInt64
    private var log: DataFile
    private let logLock = NIOLock()
    private var encoder = DurableRecordEncoder(reservingCapacity: 1 << 20)
    /// A snapshot is written in pieces of about this size, so it never needs one buffer.
    static let snapshotChunkBytes = 4 << 20

    /// Opens log `generation` for appending at `length` (its size after replay); a log that
    /// does not exist yet, or is empty, is created with its header and made durable.
    init(directory: DataDirectory, generation: UInt64, length: Int) throws(DataDirectoryError) {
        self.directory = directory
        self.generation = generation
        log = try Self.openLog(directory: directory, generation: generation, length: length)
    }

    private static func openLog(directory: DataDirectory, generation: UInt64, length: Int) throws(DataDirectoryError)
        -> DataFile
    {
        let path = directory.filePath(.log(generation: generation))
        let file = try DataFile(path: path, flags: O_WRONLY | O_CREAT | O_APPEND)
        if length < DurableFileFormat.headerLength {
            try file.truncate(to: 0)
            try file.write(DurableFileFormat.header(.log))
            try file.synchronize()
            try directory.synchronize()
        }
        return file
    }

    /// Appends one batch; syncs it when asked. Returns the bytes written.
    func append(_ records: [DurableRecord], synchronize: Bool) throws(DataDirectoryError) -> Int {
        encoder.removeAll()
        for record in records { encoder.append(record) }
        try log.write(encoder.bytes)
        if synchronize { try log.synchronize() }
        let written = encoder.bytes.count
        if encoder.bytes.capacity > 16 << 20 { encoder = DurableRecordEncoder(reservingCapacity: 1 << 20) }
        return written
    }

    func synchronize() throws(DataDirectoryError) {
        logLock.lock()
        defer { logLock.unlock() }
        try log.synchronize()
    }

    /// Writes the whole state as snapshot `generation + 1` and starts log `generation + 1`;
    /// then removes the older files. Crash-safe at every step: the snapshot is written to a
    /// temporary file, synced, renamed and the directory synced; until then replay uses the
    /// previous snapshot and its logs. Returns the snapshot's size in bytes.
    func writeSnapshot(_ records: [DurableRecord]) throws(DataDirectoryError) -> Int {
        let next = generation + 1
        let finalName = DataDirectory.FileName.snapshot(generation: next)
        let temporaryPath = directory.filePath(finalName) + ".tmp"
        let file = try DataFile(path: temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var chunk = DurableRecordEncoder(header: .snapshot, reservingCapacity: Self.snapshotChunkBytes + 65536)
        var total = 0
        for record in records {
            chunk.append(record)
            if chunk.bytes.count >= Self.snapshotChunkBytes {
                try file.write(chunk.bytes)
                total += chunk.bytes.count
                chunk.removeAll()
            }
        }
        chunk.appendSnapshotEnd(recordCount: records.count)
        try file.write(chunk.bytes)
        total += chunk.bytes.count
        try file.synchronize()
        file.close()
        try directory.rename(temporaryPath, to: finalName)
        try directory.synchronize()
        let newLog = try Self.openLog(directory: directory, generation: next, length: 0)
        logLock.withLock {
            log.close()
            log = newLog
        }
        generation = next
        // Older files are not needed any more: the snapshot first, so that a crash half-way
        // never leaves a snapshot without the logs that follow it.
        for name in (try? directory.list()) ?? [] where name.generation < next {
            if name.isSnapshot { directory.remove(name) }
        }
        for name in (try? directory.list()) ?? [] where name.generation < next {
            directory.remove(name)
        }
        try? directory.synchronize()
        return total
    }

    func close() {
        logLock.withLock { log.close() }
    }
}
