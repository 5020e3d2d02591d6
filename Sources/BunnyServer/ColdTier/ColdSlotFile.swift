import BunnyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file of fixed-size slots, for cold stores of one size class. Slots are read and
/// written whole with `pread`/`pwrite` (the page cache does the caching; nothing is mapped,
/// so cached pages do not count in the daemon's resident memory). A freed slot is reused by
/// the next write, so the file never needs compaction: it is as large as the most stores of
/// its class held at once.
///
/// In memory, per slot: 4 bytes of expiry mark (0 free; otherwise the expiry's second, rounded
/// down, at least 1; `UInt32.max` for none), which the expiry sweep scans without touching the
/// disk; and 4 bytes per free slot in the free list.
final class ColdSlotFile {
    let path: String
    let slotSize: Int
    private var descriptor: Int32
    private(set) var expiryMarks: [UInt32] = []
    private var freeSlots: [UInt32] = []
    private(set) var usedCount = 0

    private init(path: String, slotSize: Int, descriptor: Int32) {
        self.path = path
        self.slotSize = slotSize
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { _ = close(descriptor) }
    }

    /// Creates (or empties) the file and takes an exclusive lock on it, so that two daemons
    /// pointed at the same folder fail clearly instead of corrupting each other's stores.
    static func create(path: String, slotSize: Int) throws(ColdTierError) -> ColdSlotFile {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .input(path: path, operation: "open", reason: errorText()) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            let reason = errorText()
            _ = close(descriptor)
            throw busy ? .inUse(path: path) : .input(path: path, operation: "lock", reason: reason)
        }
        guard ftruncate(descriptor, 0) == 0 else {
            let reason = errorText()
            _ = close(descriptor)
            throw .input(path: path, operation: "truncate", reason: reason)
        }
        return ColdSlotFile(path: path, slotSize: slotSize, descriptor: descriptor)
    }

    var slotCount: Int { expiryMarks.count }

    var residentBytes: Int64 { Int64(expiryMarks.capacity) * 4 + Int64(freeSlots.capacity) * 4 }

    /// Writes `bytes` (at most `slotSize`) into a free slot and returns the slot.
    func write(_ bytes: [UInt8], expiryMark: UInt32) throws(ColdTierError) -> Int {
        precondition(bytes.count <= slotSize && expiryMark != 0, "\(bytes.count) bytes into \(slotSize)-byte slots")
        let slot = freeSlots.last.map(Int.init) ?? expiryMarks.count
        guard slot <= ColdStoreIndex.maximumSlot else {
            throw .input(path: path, operation: "write", reason: "more than \(ColdStoreIndex.maximumSlot) slots")
        }
        let written = bytes.withUnsafeBytes { buffer in
            pwrite(descriptor, buffer.baseAddress, buffer.count, off_t(slot) * off_t(slotSize))
        }
        guard written == bytes.count else {
            throw .input(
                path: path, operation: "write", reason: written < 0 ? Self.errorText() : "short write (\(written))")
        }
        if slot == expiryMarks.count {
            expiryMarks.append(expiryMark)
        } else {
            freeSlots.removeLast()
            expiryMarks[slot] = expiryMark
        }
        usedCount += 1
        return slot
    }

    /// Reads one slot whole.
    func read(slot: Int) throws(ColdTierError) -> [UInt8] {
        try read(slots: slot..<slot + 1)
    }

    /// Reads consecutive slots in one call.
    func read(slots: Range<Int>) throws(ColdTierError) -> [UInt8] {
        let length = slots.count * slotSize
        var failure: ColdTierError?
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            var done = 0
            while done < length {
                let got = pread(
                    descriptor, buffer.baseAddress! + done, length - done,
                    off_t(slots.lowerBound) * off_t(slotSize) + off_t(done))
                if got < 0, errno == EINTR { continue }
                if got == 0 {
                    // Slots are written only as far as their record: past the file's end a
                    // slot reads as zeros.
                    (buffer.baseAddress! + done).initialize(repeating: 0, count: length - done)
                    done = length
                    break
                }
                guard got > 0 else {
                    failure = .input(path: path, operation: "read", reason: Self.errorText())
                    break
                }
                done += got
            }
            initialized = failure == nil ? length : 0
        }
        if let failure { throw failure }
        return bytes
    }

    func free(slot: Int) {
        guard slot < expiryMarks.count, expiryMarks[slot] != 0 else { return }
        expiryMarks[slot] = 0
        freeSlots.append(UInt32(slot))
        usedCount -= 1
    }

    /// Forgets every slot and empties the file.
    func removeAll() {
        expiryMarks = []
        freeSlots = []
        usedCount = 0
        _ = ftruncate(descriptor, 0)
    }

    /// Closes and deletes the file (it is a cache of memory, never reused by a later run).
    func closeAndRemove() {
        guard descriptor >= 0 else { return }
        _ = unlink(path)
        _ = close(descriptor)
        descriptor = -1
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
