import Foundation

/// The last lines of a log file, for error messages.
enum LogTail {
    static func lastLines(of path: String, count: Int = 20, maximumBytes: Int = 16_384) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "(no log at \(path))" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(maximumBytes) ? size - UInt64(maximumBytes) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if start > 0, !lines.isEmpty { lines.removeFirst() }  // a partial first line
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        let tail = lines.suffix(count).joined(separator: "\n")
        return tail.isEmpty ? "(empty log)" : tail
    }
}
