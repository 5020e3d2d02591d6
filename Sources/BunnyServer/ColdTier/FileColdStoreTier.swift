import BunnyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The daemon's cold tier: one file per slot size (256 B to 4 KB, each store in the smallest
/// slot that holds it) in the cold folder, and a `ColdStoreIndex` in memory.
///
/// Why fixed slots in a few files rather than one log-structured file: a freed slot is
/// reused by the next store of its class, so the files need no compaction and never hold
/// more than the most stores held at once; a store is one `pread` of one slot. The price is
/// up to half a slot of padding per store, on disk only.
///
/// Resident memory per cold store: the index word (8 B at a table load between 3/8 and 3/4)
/// and the expiry mark (4 B); nothing else. The files are a cache of memory: created empty at
/// start, deleted at exit, never fsync'd; a crash or restart starts empty, as without the tier.
///
/// Errors: opening, locking or writing fails with a `ColdTierError` (the replica keeps the
/// store hot). A read that fails reports the error through `problem` and answers "not held";
/// a slot whose ID matches but whose checksum does not is reported and dropped from the index:
/// a damaged file costs the stores in the damaged slots, never the daemon.
public final class FileColdStoreTier: ColdStoreTier {
    public static let slotSizes = [256, 512, 1024, 2048, 4096]

    public let directory: String
    private let files: [ColdSlotFile]
    private var index = ColdStoreIndex()
    private let onRead: (Duration) -> Void
    private let onWrite: (Duration) -> Void
    private let problem: (ColdTierError) -> Void
    public private(set) var readFailures: UInt64 = 0

    private init(
        directory: String, files: [ColdSlotFile], onRead: @escaping (Duration) -> Void,
        onWrite: @escaping (Duration) -> Void, problem: @escaping (ColdTierError) -> Void
    ) {
        self.directory = directory
        self.files = files
        self.onRead = onRead
        self.onWrite = onWrite
        self.problem = problem
    }

    /// Creates the slot files `<directory>/<name>-<slot size>.cold`, empty. `onRead` receives
    /// the duration of each read of a store (the cold read latency), `onWrite` of each
    /// eviction's write; `problem` each read failure.
    public static func create(
        directory: String, name: String, onRead: @escaping (Duration) -> Void = { _ in },
        onWrite: @escaping (Duration) -> Void = { _ in }, problem: @escaping (ColdTierError) -> Void = { _ in }
    ) throws(ColdTierError) -> FileColdStoreTier {
        var status = stat()
        guard stat(directory, &status) == 0 else {
            throw .input(path: directory, operation: "open cold folder", reason: ColdSlotFile.errorText())
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw .input(path: directory, operation: "open cold folder", reason: "not a directory")
        }
        var files: [ColdSlotFile] = []
        for size in slotSizes {
            do {
                files.append(try ColdSlotFile.create(path: "\(directory)/\(name)-\(size).cold", slotSize: size))
            } catch {
                for file in files { file.closeAndRemove() }
                throw error
            }
        }
        return FileColdStoreTier(
            directory: directory, files: files, onRead: onRead, onWrite: onWrite, problem: problem)
    }

    public var count: Int { index.count }

    public var residentBytes: Int64 { index.residentBytes + files.reduce(0) { $0 + $1.residentBytes } }

    public func put(storeID: String, record: StoreRecord) throws(ColdTierError) {
        let bytes = ColdStoreRecordCodec.encode(storeID: storeID, record: record)
        guard let sizeClass = Self.slotSizes.firstIndex(where: { $0 >= bytes.count }) else {
            throw .recordTooLarge(storeID: storeID, bytes: bytes.count)
        }
        let started = ContinuousClock.now
        let slot = try files[sizeClass].write(bytes, expiryMark: Self.expiryMark(record.expiresAt))
        onWrite(ContinuousClock.now - started)
        index.insert(hash: storeID.hashValue, location: .init(sizeClass: sizeClass, slot: slot))
    }

    public func read(storeID: String) -> StoreRecord? {
        guard let found = locate(storeID) else { return nil }
        return found.record
    }

    public func take(storeID: String) -> StoreRecord? {
        guard let found = locate(storeID) else { return nil }
        index.remove(at: found.position)
        files[found.location.sizeClass].free(slot: found.location.slot)
        return found.record
    }

    public func contains(storeID: String) -> Bool {
        locate(storeID) != nil
    }

    public func expiryCandidates(at now: WallTime, limit: Int) -> [(storeID: String, record: StoreRecord)] {
        let nowMark = Self.expiryMark(now)
        var candidates: [(storeID: String, record: StoreRecord)] = []
        for (sizeClass, file) in files.enumerated() {
            for (slot, mark) in file.expiryMarks.enumerated() where mark != 0 && mark <= nowMark {
                guard candidates.count < limit else { return candidates }
                if let decoded = decodeSlot(sizeClass: sizeClass, slot: slot) { candidates.append(decoded) }
            }
        }
        return candidates
    }

    /// Slot files in order, each read in runs of up to 1 MB.
    public func forEachStore(_ body: (String, StoreRecord) -> Void) {
        for file in files {
            let run = max(1, 1_048_576 / file.slotSize)
            var start = 0
            while start < file.slotCount {
                let end = min(file.slotCount, start + run)
                defer { start = end }
                guard file.expiryMarks[start..<end].contains(where: { $0 != 0 }) else { continue }
                let bytes: [UInt8]
                do {
                    bytes = try file.read(slots: start..<end)
                } catch {
                    report(error)
                    continue
                }
                for slot in start..<end where file.expiryMarks[slot] != 0 {
                    let offset = (slot - start) * file.slotSize
                    switch ColdStoreRecordCodec.decode(bytes[offset..<offset + file.slotSize]) {
                    case .success(let decoded): body(decoded.storeID, decoded.record)
                    case .failure(let failure):
                        report(.corruptRecord(path: file.path, slot: slot, reason: failure.reason))
                    }
                }
            }
        }
    }

    public func removeAll() {
        index.removeAll()
        for file in files { file.removeAll() }
    }

    /// Deletes the files (at exit).
    public func close() {
        for file in files { file.closeAndRemove() }
    }

    // MARK: - Internals

    private func locate(_ storeID: String) -> (position: Int, location: ColdStoreIndex.Location, record: StoreRecord)? {
        var match: StoreRecord?
        let found = index.find(hash: storeID.hashValue) { location in
            let started = ContinuousClock.now
            defer { onRead(ContinuousClock.now - started) }
            let file = files[location.sizeClass]
            let bytes: [UInt8]
            do throws(ColdTierError) {
                bytes = try file.read(slot: location.slot)
            } catch {
                report(error)
                return false
            }
            guard ColdStoreRecordCodec.holds(bytes[...], storeID: storeID) else { return false }
            switch ColdStoreRecordCodec.decode(bytes[...]) {
            case .success(let decoded):
                match = decoded.record
            case .failure(let failure):
                report(.corruptRecord(path: file.path, slot: location.slot, reason: failure.reason))
            }
            return true
        }
        guard let found else { return nil }
        guard let match else {
            // The store's slot is damaged: the store is lost; forget it rather than fail again.
            index.remove(at: found.position)
            files[found.location.sizeClass].free(slot: found.location.slot)
            return nil
        }
        return (found.position, found.location, match)
    }

    private func decodeSlot(sizeClass: Int, slot: Int) -> (storeID: String, record: StoreRecord)? {
        let file = files[sizeClass]
        do {
            switch ColdStoreRecordCodec.decode(try file.read(slot: slot)[...]) {
            case .success(let decoded): return decoded
            case .failure(let failure):
                report(.corruptRecord(path: file.path, slot: slot, reason: failure.reason))
                return nil
            }
        } catch {
            report(error)
            return nil
        }
    }

    private func report(_ error: ColdTierError) {
        readFailures += 1
        problem(error)
    }

    /// An expiry as its second (rounded down, so a candidate is never late), 1 at the least;
    /// `UInt32.max` for a store that never expires.
    static func expiryMark(_ time: WallTime) -> UInt32 {
        guard !time.isUnset else { return .max }
        let seconds = time.nanosecondsSinceEpoch / 1_000_000_000
        return UInt32(clamping: max(1, min(seconds, Int64(UInt32.max) - 1)))
    }
}
