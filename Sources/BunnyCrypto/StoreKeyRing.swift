/// One master key: its ID and its 32 secret bytes.
///
/// `description` and the mirror never show the bytes, so a key can be logged safely.
public struct StoreKey: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// Number of bytes in a master key.
    public static let byteCount = 32

    /// The key ID, as carried in the second part of a store ID.
    public let id: String
    /// The secret key material (`byteCount` bytes).
    public let bytes: [UInt8]

    init(id: String, bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount)
        self.id = id
        self.bytes = bytes
    }

    public var description: String { "StoreKey(id: \"\(id)\", bytes: <redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: ["id": id, "bytes": "<redacted>"]) }
}

/// The configured master keys and the current one (`storeid.md` §2).
///
/// Built from the `--store-keys` and `--store-key-current` values (after the caller has applied
/// the environment and `--dev` fallbacks). Parsing rules:
///
/// * The whole value is trimmed. The literal `dev` selects the development key set: one key,
///   ID `0`, bytes `00 01 … 1f`; `--store-key-current` is then ignored.
/// * Otherwise the value is a comma-separated list; each item is trimmed and empty items are
///   skipped. An item is `<keyID>:<hex>`, split at the first `:`.
/// * A key ID matches `^[0-9a-z][0-9a-z_-]{0,15}$`; the hex (either case) decodes to 32 bytes.
/// * A later item with the same key ID replaces an earlier one. At least one key is required.
/// * The current key is `--store-key-current` when non-empty after trimming (it must be a valid
///   key ID naming a configured key), else the greatest key ID by byte comparison
///   (`9` beats `10`).
public struct StoreKeyRing: Sendable, Equatable, CustomStringConvertible {
    /// The keys, sorted by key ID (byte order).
    public let keys: [StoreKey]
    /// The ID of the key new store IDs are sealed with.
    public let currentKeyID: String
    /// Whether this is the public development key set (`--store-keys dev`).
    public let isDevelopmentKeySet: Bool

    /// The development key set: key `0` with bytes `00 01 02 … 1f`.
    public static let development = StoreKeyRing(
        keys: [StoreKey(id: "0", bytes: (0..<32).map { UInt8($0) })],
        currentKeyID: "0",
        isDevelopmentKeySet: true
    )

    private init(keys: [StoreKey], currentKeyID: String, isDevelopmentKeySet: Bool) {
        self.keys = keys
        self.currentKeyID = currentKeyID
        self.isDevelopmentKeySet = isDevelopmentKeySet
    }

    /// Parses `--store-keys` (`storeKeys`) and `--store-key-current` (`currentKeyID`).
    /// Throws a `StoreKeyRingError` whose description says what is wrong.
    public init(storeKeys: String, currentKeyID: String = "") throws(StoreKeyRingError) {
        let trimmedKeys = Self.trimmed(storeKeys)
        if trimmedKeys == "dev" {
            self = .development
            return
        }

        var keysByID: [String: [UInt8]] = [:]
        for (offset, rawItem) in trimmedKeys.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let itemNumber = offset + 1
            let item = Self.trimmed(rawItem)
            if item.isEmpty { continue }
            guard let separator = item.firstIndex(of: ":") else {
                throw .missingSeparator(item: itemNumber)
            }
            let keyID = String(item[..<separator])
            guard StoreIDSyntax.isValidKeyID(keyID.utf8) else {
                throw .invalidKeyID(item: itemNumber, keyID: Self.displayableKeyID(keyID))
            }
            let hex = item[item.index(after: separator)...]
            keysByID[keyID] = try Self.decodeKeyBytes(hex, keyID: keyID)
        }
        guard !keysByID.isEmpty else { throw .noKeys }

        let sortedIDs = keysByID.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let requestedCurrent = Self.trimmed(currentKeyID)
        let current: String
        if requestedCurrent.isEmpty {
            current = sortedIDs[sortedIDs.count - 1]
        } else {
            guard StoreIDSyntax.isValidKeyID(requestedCurrent.utf8) else {
                throw .invalidCurrentKeyID(Self.displayableKeyID(requestedCurrent))
            }
            guard keysByID[requestedCurrent] != nil else {
                throw .unknownCurrentKeyID(requestedCurrent, configured: sortedIDs)
            }
            current = requestedCurrent
        }

        self.init(
            keys: sortedIDs.map { StoreKey(id: $0, bytes: keysByID[$0]!) },
            currentKeyID: current,
            isDevelopmentKeySet: false
        )
    }

    /// The key with ID `id`, if configured.
    public func key(withID id: String) -> StoreKey? {
        keys.first { $0.id == id }
    }

    /// The key new store IDs are sealed with.
    public var currentKey: StoreKey {
        key(withID: currentKeyID)!
    }

    public var description: String {
        let ids = keys.map { "\"\($0.id)\"" }.joined(separator: ", ")
        return "StoreKeyRing(keys: [\(ids)], current: \"\(currentKeyID)\"\(isDevelopmentKeySet ? ", development" : ""))"
    }

    // MARK: - Parsing helpers

    private static func trimmed(_ text: some StringProtocol) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    /// A key ID is echoed in messages only when it is short enough to be a plausible key ID.
    private static func displayableKeyID(_ keyID: String) -> String? {
        keyID.count <= StoreIDSyntax.maximumKeyIDLength ? keyID : nil
    }

    private static func decodeKeyBytes(_ hex: Substring, keyID: String) throws(StoreKeyRingError) -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count == StoreKey.byteCount * 2, hex.unicodeScalars.count == digits.count else {
            throw .invalidKeyLength(keyID: keyID, characterCount: hex.count)
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(StoreKey.byteCount)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else {
                throw .invalidHexDigits(keyID: keyID)
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
