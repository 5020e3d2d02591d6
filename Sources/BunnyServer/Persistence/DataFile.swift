#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file of the data directory, by descriptor: the few POSIX calls persistence needs, each
/// failing with a `DataDirectoryError` that names the file and the system's reason.
final class DataFile {
    let path: String
    private(set) var descriptor: Int32

    init(path: String, flags: Int32, mode: mode_t = 0o600) throws(DataDirectoryError) {
        self.path = path
        descriptor = open(path, flags | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: DataFile.lastError()) }
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    func size() throws(DataDirectoryError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, reason: DataFile.lastError()) }
        return Int(status.st_size)
    }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    func write(_ bytes: UnsafeRawBufferPointer) throws(DataDirectoryError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, reason: DataFile.lastError())
            }
            offset += written
        }
    }

    func write(_ bytes: [UInt8]) throws(DataDirectoryError) {
        var failure: DataDirectoryError?
        bytes.withUnsafeBytes { buffer in
            do {
                try write(buffer)
            } catch {
                failure = (error as? DataDirectoryError) ?? .writeFailed(path: path, reason: "\(error)")
            }
        }
        if let failure { throw failure }
    }

    /// Forces the file's data to stable storage.
    func synchronize() throws(DataDirectoryError) {
        guard fdatasync(descriptor) == 0 else {
            throw .writeFailed(path: path, reason: "fsync: \(DataFile.lastError())")
        }
    }

    func truncate(to length: Int) throws(DataDirectoryError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else {
            throw .writeFailed(path: path, reason: "truncate: \(DataFile.lastError())")
        }
    }

    /// Reads the whole file, in one buffer (the caller scans it in place).
    func readAll() throws(DataDirectoryError) -> [UInt8] {
        let length = try size()
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: length)
        var offset = 0
        var failure: String?
        bytes.withUnsafeMutableBytes { buffer in
            while offset < length {
                let count = pread(descriptor, buffer.baseAddress! + offset, length - offset, off_t(offset))
                if count < 0, errno == EINTR { continue }
                if count < 0 {
                    failure = DataFile.lastError()
                    return
                }
                if count == 0 { break }
                offset += count
            }
        }
        if let failure { throw .unreadable(path: path, reason: failure) }
        return offset == length ? bytes : Array(bytes.prefix(offset))
    }
}
