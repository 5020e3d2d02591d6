/// Hand-written checks of the identifier patterns of `storeid.md`, over UTF-8 bytes.
///
/// These run on every request, so they avoid regular expressions and Foundation. Each check
/// looks at raw bytes: a non-ASCII character has bytes ≥ 0x80 and therefore never matches.
enum StoreIDSyntax {
    /// Length of a shard ID: base64url of 8 bytes.
    static let shardIDLength = 11
    /// Length of a unique ID: base64url of 12 bytes.
    static let uniqueIDLength = 16
    /// Maximum length of a customer ID.
    static let maximumCustomerIDLength = 64
    /// Maximum length of a site name.
    static let maximumSiteLength = 16
    /// Maximum length of a key ID.
    static let maximumKeyIDLength = 16

    @inline(__always)
    static func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// `[A-Za-z0-9_-]`: the base64url alphabet.
    @inline(__always)
    static func isBase64URLCharacter(_ byte: UInt8) -> Bool {
        isLowercaseLetterOrDigit(byte)
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// Whether every byte is in the base64url alphabet and the count is within `lengths`.
    @inline(__always)
    static func isBase64URLWord(_ bytes: some Collection<UInt8>, lengths: ClosedRange<Int>) -> Bool {
        guard lengths.contains(bytes.count) else { return false }
        for byte in bytes where !isBase64URLCharacter(byte) {
            return false
        }
        return true
    }

    /// `^[a-z0-9-]{1,16}$`
    static func isValidSite(_ bytes: some Collection<UInt8>) -> Bool {
        guard (1...maximumSiteLength).contains(bytes.count) else { return false }
        for byte in bytes where !(isLowercaseLetterOrDigit(byte) || byte == UInt8(ascii: "-")) {
            return false
        }
        return true
    }

    /// `^[0-9a-z][0-9a-z_-]{0,15}$`
    static func isValidKeyID(_ bytes: some Collection<UInt8>) -> Bool {
        guard let first = bytes.first, bytes.count <= maximumKeyIDLength, isLowercaseLetterOrDigit(first) else {
            return false
        }
        for byte in bytes.dropFirst()
        where !(isLowercaseLetterOrDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")) {
            return false
        }
        return true
    }

    /// `^[A-Za-z0-9_-]{11}$`
    static func isValidShardID(_ bytes: some Collection<UInt8>) -> Bool {
        isBase64URLWord(bytes, lengths: shardIDLength...shardIDLength)
    }

    /// `^[A-Za-z0-9_-]{16}$`
    static func isValidUniqueID(_ bytes: some Collection<UInt8>) -> Bool {
        isBase64URLWord(bytes, lengths: uniqueIDLength...uniqueIDLength)
    }

    /// `^[A-Za-z0-9_-]{1,64}$`
    static func isValidCustomerID(_ bytes: some Collection<UInt8>) -> Bool {
        isBase64URLWord(bytes, lengths: 1...maximumCustomerIDLength)
    }
}
