import BunnyCore
import BunnyPersistence

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a data directory back at start-up (`docs/architecture.md`, "Persistence"): the
/// newest complete snapshot, then every log of its generation and later, in order. A log
/// that ends in a torn or damaged record is cut right before it (later logs, if any, are
/// removed: their changes came after the lost ones); what was cut is reported in `notices`.
/// Expired stores and old tombstones are dropped as the sweeps would have.
struct DurableReplay {
    struct Outcome {
        var state: RestoredState
        /// The log to append to, and its length after any cut (0: it must be created).
        var logGeneration: UInt64
        var logLength: Int
        var snapshotBytes: Int
        /// What replay had to repair or skip, one sentence each, for the start-up log.
        var notices: [String]
        var storesDroppedAsExpired: Int
        var filesRead: Int
        var bytesRead: Int
    }

    let directory: DataDirectory

    func run(at now: WallTime, tombstoneLifetime: Duration) throws(DataDirectoryError) -> Outcome {
        let files = try directory.list()
        let logGenerations = Set(files.filter { !$0.isSnapshot }.map(\.generation))
        var notices: [String] = []
        // The table the replica will keep: seeded like the one it replaces.
        let storeTableSeed = UInt64.random(in: .min ... .max)
        var state = RestoredState(storeTableSeed: storeTableSeed)
        var base: UInt64 = 1
        var snapshotBytes = 0
        var filesRead = 0
        var bytesRead = 0
        var damaged: (path: String, reason: String)?
        var accepted = false
        snapshots: for snapshot in files.filter(\.isSnapshot).reversed() {
            let path = directory.filePath(snapshot)
            let bytes = try DataFile(path: path, flags: O_RDONLY).readAll()
            filesRead += 1
            bytesRead += bytes.count
            var candidate = RestoredState(storeTableSeed: storeTableSeed)
            candidate.reserveCapacity(bytes.count / 160)
            let reason: String
            do {
                let result = try bytes.withUnsafeBytes { buffer throws(DurableFileError) in
                    try DurableFileScanner.scan(buffer, kind: .snapshot) { candidate.apply($0) }
                }
                if result.isCompleteSnapshot {
                    if damaged != nil, snapshot.generation < (logGenerations.max() ?? 0),
                        !logGenerations.contains(snapshot.generation)
                    {
                        reason = "its log is gone"
                    } else {
                        state = candidate
                        accepted = true
                        base = snapshot.generation
                        snapshotBytes = bytes.count
                        if let damaged {
                            notices.append(
                                "snapshot \(damaged.path) is damaged (\(damaged.reason)); replayed the older \(path) and its logs instead"
                            )
                        }
                        break snapshots
                    }
                } else {
                    reason = Self.describe(result, length: bytes.count)
                }
            } catch {
                reason = "\(error)"
            }
            if damaged == nil {
                damaged = (path, reason)
            } else {
                notices.append("snapshot \(path) is damaged too (\(reason))")
            }
        }
        if !accepted, let damaged {
            throw .damagedSnapshot(path: damaged.path, reason: damaged.reason)
        }
        // Room for the stores the logs may add (a store record is ~200 bytes).
        let logBytes = files.filter { !$0.isSnapshot && $0.generation >= base }.reduce(0) {
            $0 + ((try? DataFile(path: directory.filePath($1), flags: O_RDONLY).size()) ?? 0)
        }
        state.reserveCapacity(state.stores.count + logBytes / 200)
        var logGeneration = base
        var logLength = 0
        let logs = files.filter { !$0.isSnapshot && $0.generation >= base }
        logs: for (index, log) in logs.enumerated() {
            let path = directory.filePath(log)
            let file = try DataFile(path: path, flags: O_RDWR)
            let bytes = try file.readAll()
            filesRead += 1
            bytesRead += bytes.count
            logGeneration = log.generation
            let result: DurableScanResult
            do {
                result = try bytes.withUnsafeBytes { buffer throws(DurableFileError) in
                    try DurableFileScanner.scan(buffer, kind: .log) { state.apply($0) }
                }
            } catch {
                // A header that never made it to disk (a crash right after the file was made):
                // the log held nothing yet.
                notices.append("log \(path) has no valid header (\(error)); it is started again, empty")
                try file.truncate(to: 0)
                logLength = 0
                removeLater(logs.dropFirst(index + 1), notices: &notices)
                break logs
            }
            logLength = result.validLength
            if result.ending != .clean {
                try file.truncate(to: result.validLength)
                try file.synchronize()
                notices.append(
                    "log \(path): \(Self.describe(result, length: bytes.count)); cut at byte \(result.validLength) "
                        + "after \(result.recordCount) good records (\(bytes.count - result.validLength) bytes dropped)"
                )
                removeLater(logs.dropFirst(index + 1), notices: &notices)
                break logs
            }
        }
        let dropped = state.dropExpired(at: now, tombstoneLifetime: tombstoneLifetime)
        return Outcome(
            state: state, logGeneration: logGeneration, logLength: logLength, snapshotBytes: snapshotBytes,
            notices: notices, storesDroppedAsExpired: dropped, filesRead: filesRead, bytesRead: bytesRead)
    }

    private func removeLater(_ logs: ArraySlice<DataDirectory.FileName>, notices: inout [String]) {
        for log in logs {
            notices.append("log \(directory.filePath(log)) follows the cut and is removed")
            directory.remove(log)
        }
    }

    static func describe(_ result: DurableScanResult, length: Int) -> String {
        switch result.ending {
        case .clean:
            return result.isCompleteSnapshot ? "complete" : "no end record (incomplete)"
        case .truncated(let missing):
            return "the record at byte \(result.validLength) is cut short (\(missing) bytes missing)"
        case .corrupt(let reason):
            return "the record at byte \(result.validLength) is damaged (\(reason))"
        }
    }
}
