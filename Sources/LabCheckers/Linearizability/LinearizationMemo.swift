/// The search's memo: the (placed set, register state) pairs already explored, in an
/// open-addressing table keyed by the set's Zobrist digest (already well mixed, so no further
/// hashing). A key's words are stored inline when there are at most two, which is the common
/// case (see ``LinearizationSearch``), and otherwise in one shared word pool, so keys hold no
/// references: inserting allocates nothing and clearing is a fill. One memo serves the
/// segments of a run in turn (``clear()`` keeps the capacity).
struct LinearizationMemo {
    struct Key {
        var digest: UInt64
        /// `Int32.min` marks an empty slot (no register state has that value).
        var state: Int32
        var frontier: Int32
        var wordCount: Int32
        /// With more than two words: where they start in the pool.
        var poolOffset: Int32
        var first: UInt64
        var second: UInt64

        static let empty = Key(
            digest: 0, state: Int32.min, frontier: 0, wordCount: 0, poolOffset: 0, first: 0, second: 0)
    }

    private var slots: [Key]
    private var pool: [UInt64] = []
    private var mask: Int
    private(set) var count = 0
    static let largestKeptCapacity = 1 << 16

    init(expectedCount: Int = 1_024) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity *= 2 }
        slots = [Key](repeating: .empty, count: capacity)
        mask = capacity - 1
    }

    /// Empties the memo, keeping its capacity unless a long segment made it large (filling a large
    /// table for every small segment after it would cost more than allocating a small one).
    mutating func clear() {
        guard count > 0 else { return }
        if slots.count > Self.largestKeptCapacity {
            slots = [Key](repeating: .empty, count: Self.largestKeptCapacity)
            mask = slots.count - 1
        } else {
            for index in slots.indices { slots[index] = .empty }
        }
        pool.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Adds (digest, state, frontier, words); false if it was already there.
    mutating func insert(
        digest: UInt64, state: Int32, frontier: Int32, leading: ArraySlice<UInt64>, trailing: ArraySlice<UInt64>
    ) -> Bool {
        let wordCount = leading.count + trailing.count
        var first: UInt64 = 0
        var second: UInt64 = 0
        if wordCount <= 2 {
            var words = leading.makeIterator()
            var more = trailing.makeIterator()
            first = words.next() ?? more.next() ?? 0
            second = words.next() ?? more.next() ?? 0
        }
        var slot = Int(truncatingIfNeeded: digest) & mask
        while slots[slot].state != Int32.min {
            let existing = slots[slot]
            if existing.digest == digest && existing.state == state && existing.frontier == frontier
                && Int(existing.wordCount) == wordCount
                && (wordCount <= 2
                    ? existing.first == first && existing.second == second
                    : poolMatches(at: Int(existing.poolOffset), leading, trailing))
            {
                return false
            }
            slot = (slot + 1) & mask
        }
        var poolOffset: Int32 = 0
        if wordCount > 2 {
            poolOffset = Int32(pool.count)
            pool.append(contentsOf: leading)
            pool.append(contentsOf: trailing)
        }
        slots[slot] = Key(
            digest: digest, state: state, frontier: frontier, wordCount: Int32(wordCount), poolOffset: poolOffset,
            first: first, second: second)
        count += 1
        if count * 2 > slots.count { grow() }
        return true
    }

    private func poolMatches(at offset: Int, _ leading: ArraySlice<UInt64>, _ trailing: ArraySlice<UInt64>) -> Bool {
        pool[offset..<(offset + leading.count)].elementsEqual(leading)
            && pool[(offset + leading.count)..<(offset + leading.count + trailing.count)].elementsEqual(trailing)
    }

    private mutating func grow() {
        let old = slots
        slots = [Key](repeating: .empty, count: old.count * 2)
        mask = slots.count - 1
        for key in old where key.state != Int32.min {
            var slot = Int(truncatingIfNeeded: key.digest) & mask
            while slots[slot].state != Int32.min { slot = (slot + 1) & mask }
            slots[slot] = key
        }
    }
}
