/// Base64url (RFC 4648 §5) without padding, strict and allocation-light.
///
/// The encoder never emits `=`. The decoder accepts only the canonical spelling: characters
/// outside `[A-Za-z0-9_-]` (including `=`, CR and LF) are rejected, a length of `4n + 1` is
/// rejected, and so are non-zero unused low bits in the last character. Every byte string
/// therefore has exactly one accepted text form, so decoding then re-encoding always gives
/// back the input.
public enum Base64URL {
    /// The 64-character alphabet, indexed by 6-bit value.
    @usableFromInline
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Maps an ASCII byte to its 6-bit value, or `0xFF` when it is not in the alphabet.
    @usableFromInline
    static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()

    /// Number of characters produced for `byteCount` input bytes.
    public static func encodedLength(ofByteCount byteCount: Int) -> Int {
        (byteCount / 3) * 4 + [0, 2, 3][byteCount % 3]
    }

    /// Number of bytes a valid text of `characterCount` characters decodes to,
    /// or `nil` when no byte string encodes to that many characters (`4n + 1`).
    public static func decodedLength(ofCharacterCount characterCount: Int) -> Int? {
        guard characterCount >= 0 else { return nil }
        switch characterCount % 4 {
        case 0: return characterCount / 4 * 3
        case 2: return characterCount / 4 * 3 + 1
        case 3: return characterCount / 4 * 3 + 2
        default: return nil
        }
    }

    /// Encodes `bytes` into `output`, which must hold at least
    /// `encodedLength(ofByteCount: bytes.count)` bytes. Returns the number of bytes written.
    public static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        let length = encodedLength(ofByteCount: bytes.count)
        precondition(output.count >= length, "Base64URL.encode: output buffer too small")
        alphabet.withUnsafeBufferPointer { alphabet in
            var inputIndex = 0
            var outputIndex = 0
            let fullGroups = bytes.count / 3 * 3
            while inputIndex < fullGroups {
                let value = UInt32(bytes[inputIndex]) << 16 | UInt32(bytes[inputIndex + 1]) << 8 | UInt32(bytes[inputIndex + 2])
                output[outputIndex] = alphabet[Int(value >> 18 & 0x3F)]
                output[outputIndex + 1] = alphabet[Int(value >> 12 & 0x3F)]
                output[outputIndex + 2] = alphabet[Int(value >> 6 & 0x3F)]
                output[outputIndex + 3] = alphabet[Int(value & 0x3F)]
                inputIndex += 3
                outputIndex += 4
            }
            switch bytes.count - inputIndex {
            case 1:
                let value = UInt32(bytes[inputIndex]) << 16
                output[outputIndex] = alphabet[Int(value >> 18 & 0x3F)]
                output[outputIndex + 1] = alphabet[Int(value >> 12 & 0x3F)]
            case 2:
                let value = UInt32(bytes[inputIndex]) << 16 | UInt32(bytes[inputIndex + 1]) << 8
                output[outputIndex] = alphabet[Int(value >> 18 & 0x3F)]
                output[outputIndex + 1] = alphabet[Int(value >> 12 & 0x3F)]
                output[outputIndex + 2] = alphabet[Int(value >> 6 & 0x3F)]
            default:
                break
            }
        }
        return length
    }

    /// Decodes the canonical unpadded base64url `text` into `output`, which must hold at least
    /// `decodedLength(ofCharacterCount: text.count)` bytes. Returns the number of bytes written,
    /// or `nil` when `text` is not canonical unpadded base64url.
    public static func decode(_ text: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int? {
        guard let length = decodedLength(ofCharacterCount: text.count) else { return nil }
        precondition(output.count >= length, "Base64URL.decode: output buffer too small")
        return decodeTable.withUnsafeBufferPointer { table -> Int? in
            var inputIndex = 0
            var outputIndex = 0
            let fullGroups = text.count / 4 * 4
            while inputIndex < fullGroups {
                let a = table[Int(text[inputIndex])], b = table[Int(text[inputIndex + 1])]
                let c = table[Int(text[inputIndex + 2])], d = table[Int(text[inputIndex + 3])]
                // Any invalid character has the 0x80 bit set (0xFF), so one test covers all four.
                guard (a | b | c | d) & 0x80 == 0 else { return nil }
                let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output[outputIndex] = UInt8(truncatingIfNeeded: value >> 16)
                output[outputIndex + 1] = UInt8(truncatingIfNeeded: value >> 8)
                output[outputIndex + 2] = UInt8(truncatingIfNeeded: value)
                inputIndex += 4
                outputIndex += 3
            }
            switch text.count - inputIndex {
            case 2:
                let a = table[Int(text[inputIndex])], b = table[Int(text[inputIndex + 1])]
                // The last character carries 4 unused low bits, which must be zero.
                guard (a | b) & 0x80 == 0, b & 0x0F == 0 else { return nil }
                output[outputIndex] = a << 2 | b >> 4
            case 3:
                let a = table[Int(text[inputIndex])], b = table[Int(text[inputIndex + 1])]
                let c = table[Int(text[inputIndex + 2])]
                // The last character carries 2 unused low bits, which must be zero.
                guard (a | b | c) & 0x80 == 0, c & 0x03 == 0 else { return nil }
                output[outputIndex] = a << 2 | b >> 4
                output[outputIndex + 1] = (b & 0x0F) << 4 | c >> 2
            default:
                break
            }
            return length
        }
    }

    /// Encodes `bytes` as unpadded base64url.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        let length = encodedLength(ofByteCount: input.count)
        return input.withUnsafeBytes { input in
            String(unsafeUninitializedCapacity: length) { output in
                encode(input, into: UnsafeMutableRawBufferPointer(output))
            }
        }
    }

    /// Decodes canonical unpadded base64url, or returns `nil`.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { text -> [UInt8]? in
            guard let length = decodedLength(ofCharacterCount: text.count) else { return nil }
            var failed = false
            let bytes = [UInt8](unsafeUninitializedCapacity: length) { output, initializedCount in
                if let written = decode(UnsafeRawBufferPointer(text), into: UnsafeMutableRawBufferPointer(output)) {
                    initializedCount = written
                } else {
                    initializedCount = 0
                    failed = true
                }
            }
            return failed ? nil : bytes
        }
    }
}
