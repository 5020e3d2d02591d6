/// The hot stores in eviction order: a CLOCK over an array, with a 2-bit use count per store
/// (`StoreRecord.accessBits`).
///
/// Each use raises the count (saturating at 3). When hot memory is over the limit the hand
/// walks the array: a store with a count above zero loses one and is passed over; a store at
/// zero is the victim. A store used often survives up to three turns of the hand, one used once
/// survives one: recency and frequency for one byte per store and O(1) per use. Removal swaps
/// the last entry into the hole, so the array stays dense (each record knows its slot).
struct HotStoreClock {
    static let countMask: UInt8 = 0b011
    static let referencedBit: UInt8 = 0b100

    private(set) var entries: [(storeID: String, record: StoreRecord)] = []
    private var hand = 0

    var count: Int { entries.count }

    /// Bytes the clock itself holds per hot store (a String and a reference).
    static let entryBytes: Int64 = 24

    mutating func add(_ record: StoreRecord, storeID: String) {
        precondition(record.clockSlot < 0, "store \(storeID) is already in the clock at \(record.clockSlot)")
        record.clockSlot = Int32(entries.count)
        record.accessBits = 1 | Self.referencedBit
        entries.append((storeID, record))
    }

    mutating func remove(_ record: StoreRecord) {
        let slot = Int(record.clockSlot)
        guard slot >= 0, slot < entries.count, entries[slot].record === record else { return }
        let last = entries.count - 1
        if slot != last {
            entries[slot] = entries[last]
            entries[slot].record.clockSlot = Int32(slot)
        }
        entries.removeLast()
        record.clockSlot = -1
        if hand >= entries.count { hand = 0 }
    }

    mutating func removeAll() {
        for entry in entries { entry.record.clockSlot = -1 }
        entries.removeAll()
        hand = 0
    }

    /// A use: count up (saturating), mark referenced for the idle pass.
    static func noteUse(of record: StoreRecord) {
        let count = record.accessBits & countMask
        record.accessBits = (count < 3 ? count + 1 : 3) | referencedBit
    }

    /// Moves the hand past the store it points at (a victim the tier refused).
    mutating func passOver() {
        hand += 1
        if hand >= entries.count { hand = 0 }
    }

    /// Moves the hand until it stops on a victim among the stores `isEvictable` admits, and
    /// returns it (still in the clock). Gives up after `maximumSteps`, when every store is
    /// pinned (locked or pending a name).
    mutating func nextVictim(
        maximumSteps: Int, isEvictable: (StoreRecord) -> Bool
    ) -> (storeID: String, record: StoreRecord)? {
        var steps = 0
        while !entries.isEmpty, steps < maximumSteps {
            steps += 1
            if hand >= entries.count { hand = 0 }
            let entry = entries[hand]
            let count = entry.record.accessBits & Self.countMask
            if !isEvictable(entry.record) {
                hand += 1
            } else if count > 0 {
                entry.record.accessBits = (entry.record.accessBits & ~Self.countMask) | (count - 1)
                hand += 1
            } else {
                return entry
            }
        }
        return nil
    }
}
