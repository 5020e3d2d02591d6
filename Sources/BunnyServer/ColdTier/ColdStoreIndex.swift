/// Where each cold store lies: an open-addressing table (linear probing, backward-shift
/// deletion) of one 64-bit word per store — 32 bits of the ID's hash as a fingerprint, 3 bits
/// of slot class and 29 bits of slot number. The ID itself stays on disk: a fingerprint match
/// is confirmed by reading the slot, which the lookup reads anyway. About 10–16 bytes per cold
/// store at the table's load of 3/8 to 3/4.
struct ColdStoreIndex {
    /// A store's place: its slot class and slot number.
    struct Location: Equatable {
        var sizeClass: Int
        var slot: Int
    }

    static let slotBits = 29
    static let maximumSlot = (1 << slotBits) - 2
    private static let empty = UInt64.max

    private var table: [UInt64]
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity { size <<= 1 }
        table = Array(repeating: Self.empty, count: size)
    }

    var residentBytes: Int64 { Int64(table.count) * 8 }

    /// The first entry for `hash` whose location `matches` accepts.
    func find(hash: Int, matches: (Location) -> Bool) -> (position: Int, location: Location)? {
        let mask = table.count - 1
        let fingerprint = Self.fingerprint(hash)
        var position = Int(truncatingIfNeeded: Self.mix(UInt64(fingerprint))) & mask
        while table[position] != Self.empty {
            let word = table[position]
            if UInt32(truncatingIfNeeded: word >> 32) == fingerprint {
                let location = Self.location(word)
                if matches(location) { return (position, location) }
            }
            position = (position + 1) & mask
        }
        return nil
    }

    mutating func insert(hash: Int, location: Location) {
        precondition(location.slot <= Self.maximumSlot && location.sizeClass < 7, "location \(location) too large")
        if (count + 1) * 4 > table.count * 3 { grow() }
        let word =
            UInt64(Self.fingerprint(hash)) << 32 | UInt64(location.sizeClass) << Self.slotBits | UInt64(location.slot)
        place(word, hash: hash)
        count += 1
    }

    /// Removes the entry at `position` (from `find`), shifting later entries of its run back
    /// so that no lookup stops early.
    mutating func remove(at position: Int) {
        let mask = table.count - 1
        var hole = position
        var next = (hole + 1) & mask
        while table[next] != Self.empty {
            let home = Int(truncatingIfNeeded: hashBits(table[next])) & mask
            // Move the entry back if its home is not in (hole, next].
            let distanceToNext = (next - home) & mask
            let distanceToHole = (hole - home) & mask
            if distanceToHole < distanceToNext {
                table[hole] = table[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        table[hole] = Self.empty
        count -= 1
    }

    mutating func removeAll() {
        table = Array(repeating: Self.empty, count: 1024)
        count = 0
    }

    // Each word keeps only 32 bits of the hash (the fingerprint), so a word's home position
    // must come from them alone, to be found again when the table grows or an entry is
    // removed: it is the fingerprint spread over a whole word by `mix`.
    private static func fingerprint(_ hash: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)) >> 32)
    }

    private static func location(_ word: UInt64) -> Location {
        Location(sizeClass: Int((word >> slotBits) & 0b111), slot: Int(word & ((1 << slotBits) - 1)))
    }

    private func hashBits(_ word: UInt64) -> UInt64 { Self.mix(UInt64(word >> 32)) }

    private mutating func place(_ word: UInt64, hash: Int) {
        let mask = table.count - 1
        var position = Int(truncatingIfNeeded: Self.mix(UInt64(Self.fingerprint(hash)))) & mask
        while table[position] != Self.empty { position = (position + 1) & mask }
        table[position] = word
    }

    private mutating func grow() {
        let old = table
        table = Array(repeating: Self.empty, count: old.count * 2)
        let mask = table.count - 1
        for word in old where word != Self.empty {
            var position = Int(truncatingIfNeeded: hashBits(word)) & mask
            while table[position] != Self.empty { position = (position + 1) & mask }
            table[position] = word
        }
    }

    /// SplitMix64's finaliser: a fingerprint's bits spread over a whole word.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
