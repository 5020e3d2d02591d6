/// The random tokens of the protocol (`storeid.md` §10), drawn from an injected generator so
/// the core stays deterministic under test. Production injects the system CSPRNG.
public enum RandomTokens {
    /// 16 random bytes as unpadded base64url: 22 characters.
    public static func lockID(using generator: inout some RandomNumberGenerator) -> String {
        Base64URL.encode(randomBytes(16, using: &generator))
    }

    /// 16 random bytes as lowercase hex: 32 characters.
    public static func reservationID(using generator: inout some RandomNumberGenerator) -> String {
        let bytes = randomBytes(16, using: &generator)
        var text = ""
        text.reserveCapacity(32)
        for byte in bytes {
            text.append(Character(Unicode.Scalar(hexDigit(byte >> 4))))
            text.append(Character(Unicode.Scalar(hexDigit(byte & 0x0F))))
        }
        return text
    }

    /// 8 random bytes as unpadded base64url: 11 characters.
    public static func shardID(using generator: inout some RandomNumberGenerator) -> String {
        Base64URL.encode(randomBytes(8, using: &generator))
    }

    /// 12 random bytes as unpadded base64url: 16 characters.
    public static func uniqueID(using generator: inout some RandomNumberGenerator) -> String {
        Base64URL.encode(randomBytes(12, using: &generator))
    }

    static func randomBytes(_ count: Int, using generator: inout some RandomNumberGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            var word = generator.next()
            for _ in 0..<min(8, count - bytes.count) {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return bytes
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
    }
}

/// Unpadded base64url encoding (RFC 4648 §5).
public enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
            output.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let remaining = bytes.count - index
        if remaining == 1 {
            let chunk = UInt32(bytes[index]) << 16
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
        } else if remaining == 2 {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
