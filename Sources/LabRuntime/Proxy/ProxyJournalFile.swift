import Foundation
import LabCore

/// Appends journal entries to a file, one JSON line each; safe to call from any thread.
public final class ProxyJournalFile: Sendable {
    private let handle: ProxyLocked<FileHandle?>

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = ProxyLocked(try FileHandle(forWritingTo: URL(fileURLWithPath: path)))
    }

    public func write(_ entry: ProxyJournalEntry) {
        let line = Data(entry.jsonLine().utf8)
        handle.withLock { try? $0?.write(contentsOf: line) }
    }

    public func close() {
        handle.withLock { handle in
            try? handle?.close()
            handle = nil
        }
    }
}
