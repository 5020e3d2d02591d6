import Foundation

/// The stores a workload's objects live in, shared by its clients.
///
/// A *slot* is a place the clients pick at random (`cart-3`); its current *key* names the
/// object in the history (`cart-3`, or `cart-3.c2s41` after a full cart rolled over to a new
/// store), and every key ever used is kept for the final reads.
final class KeyDirectory: @unchecked Sendable {
    struct Entry: Sendable, Equatable {
        var key: String
        var store: String
    }

    private let lock = NSLock()
    private var current: [String: Entry] = [:]
    private var all: [Entry] = []

    func entry(slot: String) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        return current[slot]
    }

    func set(slot: String, _ entry: Entry) {
        lock.lock()
        defer { lock.unlock() }
        current[slot] = entry
        all.append(entry)
    }

    /// Replaces the slot's entry only if it is still `expected` (two clients rolling one cart
    /// over at once: the second one's new store is left unused). The new entry is kept for the
    /// final reads either way.
    func replace(slot: String, expected: Entry, with entry: Entry) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        all.append(entry)
        guard current[slot] == expected else { return false }
        current[slot] = entry
        return true
    }

    /// Every entry ever set, in order.
    var entries: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return all
    }
}
