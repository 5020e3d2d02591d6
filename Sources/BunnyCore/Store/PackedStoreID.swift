/// A store ID of the canonical shape `v1:<keyID>:<59 base64url characters>` packed into 48
/// bytes, so the store table needs no heap string per store (a 64-character `String` costs a
/// 112-byte allocation).
///
/// The packing is exact and reversible: every payload character keeps all 6 of its bits (the
/// two unused low bits of the last one included, so the four spellings of one payload stay
/// four different IDs, as the table's exact-string contract requires), and the key ID is kept
/// as an index into the table's list of key IDs. Ten characters fill the low 60 bits of each
/// of the first five words; the sixth holds the last nine characters and, above them, the
/// key-ID index.
struct PackedStoreID: Equatable {
    static let payloadLength = 59
    static let maximumKeyIDLength = 16
    private static let charactersPerWord = 10
    private static let keyIndexShift: UInt64 = 56

    private var word0: UInt64 = 0
    private var word1: UInt64 = 0
    private var word2: UInt64 = 0
    private var word3: UInt64 = 0
    private var word4: UInt64 = 0
    private var word5: UInt64 = 0

    /// All zero: the value of a record that is in no table.
    init() {}

    /// The key-ID index this ID was packed with.
    var keyIDIndex: Int { Int(word5 >> Self.keyIndexShift) }

    /// The key ID of a canonical-shape ID, or nil when the ID does not have that shape (then
    /// the table keeps it as a plain string).
    static func keyID(of storeID: String) -> Substring? {
        let utf8 = storeID.utf8
        guard utf8.count >= 4 + 1 + payloadLength, utf8.count <= 4 + maximumKeyIDLength + payloadLength else {
            return nil
        }
        guard utf8.starts(with: "v1:".utf8) else { return nil }
        let keyStart = utf8.index(utf8.startIndex, offsetBy: 3)
        let keyEnd = utf8.index(utf8.endIndex, offsetBy: -(payloadLength + 1))
        guard utf8[keyEnd] == UInt8(ascii: ":"), keyStart < keyEnd else { return nil }
        return Substring(storeID[keyStart..<keyEnd])
    }

    /// Packs a canonical-shape ID whose key ID has the given index (0–255); nil when the
    /// payload has a character outside base64url.
    init?(storeID: String, keyIDIndex: Int) {
        guard (0...255).contains(keyIDIndex) else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        let packed: Bool =
            storeID.utf8.withContiguousStorageIfAvailable { bytes in
                Self.pack(bytes, into: &words)
            } ?? Self.pack(Array(storeID.utf8)[...], into: &words)
        guard packed else { return nil }
        (word0, word1, word2, word3, word4, word5) = words
        word5 |= UInt64(keyIDIndex) << Self.keyIndexShift
    }

    private static func pack<Bytes: Collection<UInt8>>(
        _ bytes: Bytes, into words: inout (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    ) -> Bool where Bytes.Index == Int {
        let payloadStart = bytes.endIndex - payloadLength
        // The table is fetched once per ID: a static's lazy-initialisation check per
        // character was 4 % of a replay.
        return Base64URLAlphabet.withValues { values in
            // A character outside the alphabet has value −1 (all bits set): OR-ing every value
            // together and testing bit 7 once rejects it.
            var invalid: Int8 = 0
            func word(_ index: Int) -> UInt64 {
                var word: UInt64 = 0
                let first = index * charactersPerWord
                for offset in first..<min(first + charactersPerWord, payloadLength) {
                    let value = values[Int(bytes[payloadStart + offset])]
                    invalid |= value
                    word |= UInt64(UInt8(bitPattern: value) & 0x3F) << UInt64(6 * (offset - first))
                }
                return word
            }
            words = (word(0), word(1), word(2), word(3), word(4), word(5))
            return invalid >= 0
        }
    }

    /// The bucket hash: the six words folded together (rotated so that no character's bits
    /// cancel another's), mixed with `seed`, multiplied, and the high half folded down. A
    /// handful of instructions where `Hasher` ran SipHash over 48 bytes; equal IDs hash
    /// equally; see `StoreTable` on why a keyed SipHash is not needed.
    func bucketHash(seed: UInt64) -> Int {
        func rotated(_ word: UInt64, _ bits: UInt64) -> UInt64 { word << bits | word >> (64 - bits) }
        let folded =
            word0 ^ rotated(word1, 11) ^ rotated(word2, 22) ^ rotated(word3, 33) ^ rotated(word4, 44)
            ^ rotated(word5, 55)
        let mixed = (folded ^ seed) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 32))
    }

    private func word(at index: Int) -> UInt64 {
        switch index {
        case 0: word0
        case 1: word1
        case 2: word2
        case 3: word3
        case 4: word4
        default: word5 & ((1 << Self.keyIndexShift) - 1)
        }
    }

    /// The exact ID string this was packed from.
    func storeID(keyID: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(5 + keyID.utf8.count + Self.payloadLength)
        bytes.append(contentsOf: "v1:".utf8)
        bytes.append(contentsOf: keyID.utf8)
        bytes.append(UInt8(ascii: ":"))
        for offset in 0..<Self.payloadLength {
            let word = word(at: offset / Self.charactersPerWord)
            let value = (word >> UInt64(6 * (offset % Self.charactersPerWord))) & 0x3F
            bytes.append(Base64URLAlphabet.character(of: Int(value)))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The base64url alphabet (RFC 4648 §5) as 6-bit values.
enum Base64URLAlphabet {
    private static let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (value, character) in characters.enumerated() { table[Int(character)] = Int8(value) }
        return table
    }()

    /// The 256-entry table of values (−1 outside the alphabet), for loops over many characters.
    static func withValues<Result>(_ body: (UnsafeBufferPointer<Int8>) -> Result) -> Result {
        values.withUnsafeBufferPointer(body)
    }

    static func character(of value: Int) -> UInt8 { characters[value] }
}
