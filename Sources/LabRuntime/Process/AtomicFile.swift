import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whole-file writes that readers never see half done: write a temporary file in the same
/// folder, then rename it over the target.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path) }
        var ok = true
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                offset += written
            }
        }
        let error = errno
        close(descriptor)
        guard ok else {
            unlink(temporary)
            errno = error
            throw failure(path)
        }
        guard rename(temporary, path) == 0 else {
            let renameError = failure(path)
            unlink(temporary)
            throw renameError
        }
    }

    private static func failure(_ path: String) -> NodeProcessError {
        .fileWriteFailed(path: path, reason: String(cString: strerror(errno)))
    }
}
