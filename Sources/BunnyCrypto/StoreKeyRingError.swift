/// Why a `--store-keys` / `--store-key-current` configuration was refused (`storeid.md` §2).
///
/// Messages name the offending item or key ID but never contain key bytes. A key ID that is too
/// long to be valid is not echoed either, in case key material was pasted in its place.
public enum StoreKeyRingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No key remained after parsing (empty or whitespace-only value, or only empty items).
    case noKeys
    /// Item number `item` (1-based, counting every comma-separated item) has no `:`.
    case missingSeparator(item: Int)
    /// The key ID of item `item` does not match `^[0-9a-z][0-9a-z_-]{0,15}$`.
    /// `keyID` is `nil` when it was longer than 16 characters and is therefore not shown.
    case invalidKeyID(item: Int, keyID: String?)
    /// The key bytes are not `64` hexadecimal characters; `characterCount` is what was given.
    case invalidKeyLength(keyID: String, characterCount: Int)
    /// The key bytes have the right length but contain a non-hexadecimal character.
    case invalidHexDigits(keyID: String)
    /// `--store-key-current` does not match the key-ID pattern (`nil` when too long to show).
    case invalidCurrentKeyID(String?)
    /// `--store-key-current` names a key that is not configured.
    case unknownCurrentKeyID(String, configured: [String])

    public var description: String {
        switch self {
        case .noKeys:
            return "no store keys configured: --store-keys must hold at least one <keyID>:<hex> item (or \"dev\")"
        case .missingSeparator(let item):
            return "store key item \(item): expected <keyID>:<hex>, found no \":\""
        case .invalidKeyID(let item, let keyID?):
            return "store key item \(item): key ID \(Self.quoted(keyID)) is invalid; \(Self.keyIDRule)"
        case .invalidKeyID(let item, nil):
            return "store key item \(item): key ID is longer than 16 characters; \(Self.keyIDRule)"
        case .invalidKeyLength(let keyID, let characterCount):
            return "store key \(Self.quoted(keyID)): key bytes must be 64 hex characters (32 bytes), got \(characterCount)"
        case .invalidHexDigits(let keyID):
            return "store key \(Self.quoted(keyID)): key bytes must be hexadecimal (0-9, a-f, A-F)"
        case .invalidCurrentKeyID(let keyID?):
            return "--store-key-current \(Self.quoted(keyID)) is not a valid key ID; \(Self.keyIDRule)"
        case .invalidCurrentKeyID(nil):
            return "--store-key-current is longer than 16 characters; \(Self.keyIDRule)"
        case .unknownCurrentKeyID(let keyID, let configured):
            let list = configured.map(Self.quoted).joined(separator: ", ")
            return "--store-key-current \(Self.quoted(keyID)) names no configured store key (configured: \(list))"
        }
    }

    private static let keyIDRule =
        "a key ID is 1-16 characters of lowercase letters, digits, \"_\" and \"-\", starting with a letter or digit"

    /// Quotes `text`, escaping quotes, backslashes and control characters.
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
