import Foundation
import LabCheckers

/// Numbers operations and appends them to `history.jsonl`.
///
/// Identifiers are handed out at invocation, so they increase in invocation order; lines are
/// written at completion (completion order) into an in-memory buffer flushed in large writes,
/// so recording stays cheap at tens of thousands of operations per second.
public final class HistoryRecorder: @unchecked Sendable {
    private let lock = NSLock()
    /// Held while a full chunk is written, so the write happens outside `lock` (clients keep
    /// starting and recording operations meanwhile) and chunks still land in order: a chunk's
    /// writer takes this lock before releasing `lock`, so the next chunk's writer queues here.
    private let writeLock = NSLock()
    private let file: FileHandle?
    private var buffer: [UInt8] = []
    private var nextIdentifier = 1
    private var counts: [OperationOutcome: Int] = [:]
    private static let flushThresholdBytes = 256 * 1024

    /// `path == nil` keeps nothing but the counts (benchmarks of the client side alone).
    public init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else {
                throw LabError.folder("cannot create \(path)")
            }
            file = handle
        } else {
            file = nil
        }
        buffer.reserveCapacity(Self.flushThresholdBytes + 4096)
    }

    /// The next identifier and the invocation time, read together under the lock so that
    /// identifiers increase with invocation times across concurrent clients.
    public func beginOperation(clock: LabClock) -> (identifier: Int, invokeNanoseconds: Int64) {
        lock.lock()
        defer { lock.unlock() }
        let identifier = nextIdentifier
        nextIdentifier += 1
        return (identifier, clock.now())
    }

    public func record(_ operation: HistoryOperation) {
        let line = operation.jsonLine()
        lock.lock()
        counts[operation.outcome, default: 0] += 1
        if file != nil { buffer.append(contentsOf: line.utf8) }
        guard buffer.count >= Self.flushThresholdBytes, let file else {
            lock.unlock()
            return
        }
        let chunk = Data(buffer)
        buffer.removeAll(keepingCapacity: true)
        writeLock.lock()
        lock.unlock()
        file.write(chunk)
        writeLock.unlock()
    }

    /// Operations recorded so far, by outcome.
    public var outcomeCounts: [OperationOutcome: Int] {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        writeLock.lock()
        defer { writeLock.unlock() }
        if !buffer.isEmpty { file?.write(Data(buffer)) }
        buffer.removeAll()
        try? file?.synchronize()
        try? file?.close()
    }
}
