/// A 32-byte per-customer key derived by HKDF, stored inline (no heap allocation).
struct DerivedKey: Sendable, Equatable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Copies exactly 32 bytes from `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    static func == (lhs: DerivedKey, rhs: DerivedKey) -> Bool {
        lhs.words == rhs.words
    }
}

/// A bounded, thread-safe map from (master key, customer) to the derived key, so that a
/// request never pays for HKDF once the customer has been seen.
///
/// The site and the site-verification setting are fixed per `StoreIDCipher`, so they are not
/// part of the cache key. When the cache is full it is emptied before the next insertion: this
/// keeps the bookkeeping to a single dictionary and costs one re-derivation per active customer.
final class DerivedKeyCache: Sendable {
    struct Key: Hashable, Sendable {
        /// Index of the master key in the cipher's key table.
        var keyIndex: Int
        var customerID: String
    }

    let capacity: Int
    private let entries: LockedValue<[Key: DerivedKey]>

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        entries = LockedValue([:])
    }

    /// The cached key for `key`, or the result of `derive` (computed outside the lock and then
    /// stored).
    func key(for key: Key, derive: () -> DerivedKey) -> DerivedKey {
        if let cached = entries.withLock({ $0[key] }) {
            return cached
        }
        let derived = derive()
        entries.withLock { entries in
            if entries.count >= capacity {
                entries.removeAll(keepingCapacity: true)
            }
            entries[key] = derived
        }
        return derived
    }

    /// Number of cached keys.
    var count: Int { entries.withLock { $0.count } }
}
