#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The layout of a data directory and the operations on it as a whole: its lock, the names
/// of its files, listing them, and making a rename or removal durable.
///
///     LOCK                          held (flock) by the one bbd using the directory
///     snapshot-<generation>.bbs     the whole state when log <generation> was started
///     log-<generation>.bbl          the changes after that snapshot, in order
///     *.tmp                         a snapshot being written; removed at start-up
///
/// Generations are 16 hex digits, increasing. Replay reads the newest complete snapshot and
/// the logs of its generation and later ones.
struct DataDirectory {
    let path: String

    enum FileName: Equatable, Comparable {
        case snapshot(generation: UInt64)
        case log(generation: UInt64)

        var generation: UInt64 {
            switch self {
            case .snapshot(let generation), .log(let generation): generation
            }
        }

        var name: String {
            switch self {
            case .snapshot(let generation): "snapshot-\(Self.hex(generation)).bbs"
            case .log(let generation): "log-\(Self.hex(generation)).bbl"
            }
        }

        static func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
        }

        init?(_ name: String) {
            func generation(prefix: String, suffix: String) -> UInt64? {
                guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
                let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
                guard digits.count == 16 else { return nil }
                return UInt64(digits, radix: 16)
            }
            if let value = generation(prefix: "snapshot-", suffix: ".bbs") {
                self = .snapshot(generation: value)
            } else if let value = generation(prefix: "log-", suffix: ".bbl") {
                self = .log(generation: value)
            } else {
                return nil
            }
        }

        static func < (left: FileName, right: FileName) -> Bool {
            (left.generation, left.isSnapshot ? 0 : 1) < (right.generation, right.isSnapshot ? 0 : 1)
        }

        var isSnapshot: Bool {
            if case .snapshot = self { return true }
            return false
        }
    }

    func filePath(_ name: FileName) -> String { path + "/" + name.name }

    /// Creates the directory if needed (owner-only) and takes its lock for the life of the
    /// returned file, so two daemons never write one directory.
    func createAndLock() throws(DataDirectoryError) -> DataFile {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw .cannotCreate(path: path, reason: DataFile.lastError())
        }
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & mode_t(S_IFMT)) == mode_t(S_IFDIR) else {
            throw .cannotCreate(path: path, reason: "not a directory")
        }
        let lock: DataFile
        do {
            lock = try DataFile(path: path + "/LOCK", flags: O_RDWR | O_CREAT)
        } catch {
            throw .cannotCreate(path: path, reason: "\(error)")
        }
        guard flock(lock.descriptor, LOCK_EX | LOCK_NB) == 0 else { throw .inUse(path: path) }
        return lock
    }

    /// The data files present, oldest first; removes leftover temporary files.
    func list() throws(DataDirectoryError) -> [FileName] {
        guard let directory = opendir(path) else { throw .unreadable(path: path, reason: DataFile.lastError()) }
        defer { closedir(directory) }
        var names: [FileName] = []
        var leftovers: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasSuffix(".tmp") { leftovers.append(name) }
            if let file = FileName(name) { names.append(file) }
        }
        for leftover in leftovers { unlink(path + "/" + leftover) }
        return names.sorted()
    }

    /// Makes renames, creations and removals in the directory durable.
    func synchronize() throws(DataDirectoryError) {
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw .writeFailed(path: path, reason: DataFile.lastError()) }
        defer { _ = close(directory) }
        guard fsync(directory) == 0 else { throw .writeFailed(path: path, reason: "fsync: \(DataFile.lastError())") }
    }

    func remove(_ name: FileName) {
        unlink(filePath(name))
    }

    func rename(_ from: String, to name: FileName) throws(DataDirectoryError) {
        guard Glibc.rename(from, filePath(name)) == 0 else {
            throw .writeFailed(path: filePath(name), reason: "rename: \(DataFile.lastError())")
        }
    }
}
