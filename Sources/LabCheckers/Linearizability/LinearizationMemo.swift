/// The search's memo: the (placed set, register state) pairs already explored, in an
/// open-addressing table keyed by the set's Zobrist digest (already well mixed, so no further
/// hashing). A key's words are stored inline when there are at most two, which is the common
/// case (see ``LinearizationSearch``), so most insertions allocate nothing.
struct LinearizationMemo {
    struct Key: Equatable {
        var digest: UInt64
        var state: Int32
        var frontier: Int32
        var wordCount: Int32
        var first: UInt64
        var second: UInt64
        /// All the words when there are more than two; empty otherwise.
        var overflow: [UInt64]

        init(digest: UInt64, state: Int32, frontier: Int32, words: some Collection<UInt64>) {
            self.digest = digest
            self.state = state
            self.frontier = frontier
            wordCount = Int32(words.count)
            if words.count <= 2 {
                var iterator = words.makeIterator()
                first = iterator.next() ?? 0
                second = iterator.next() ?? 0
                overflow = []
            } else {
                first = 0
                second = 0
                overflow = Array(words)
            }
        }
    }

    private var slots: [Key?]
    private var mask: Int
    private(set) var count = 0

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity *= 2 }
        slots = [Key?](repeating: nil, count: capacity)
        mask = capacity - 1
    }

    /// Adds the key; false if it was already there.
    mutating func insert(_ key: Key) -> Bool {
        var slot = Int(truncatingIfNeeded: key.digest) & mask
        while let existing = slots[slot] {
            if existing == key { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = key
        count += 1
        if count * 2 > slots.count { grow() }
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = [Key?](repeating: nil, count: old.count * 2)
        mask = slots.count - 1
        for case let key? in old {
            var slot = Int(truncatingIfNeeded: key.digest) & mask
            while slots[slot] != nil { slot = (slot + 1) & mask }
            slots[slot] = key
        }
    }
}
