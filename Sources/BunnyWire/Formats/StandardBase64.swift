/// Standard base64 (RFC 4648 §4: alphabet `A–Z a–z 0–9 + /`) with `=` padding, as used for
/// the `body` / `Body` fields of the peer protocol (`internal-protocol.md` §4).
///
/// Decoding is strict: the length must be a multiple of four, padding must be present and
/// only at the end, no whitespace or other characters are allowed, and the unused low bits
/// of the last symbol must be zero. Every accepted string is therefore the canonical encoding
/// of its bytes, so `encode(decode(s)) == s`. (Go's `base64.StdEncoding`, which the reference
/// uses, additionally skips `\r`/`\n` and tolerates non-zero trailing bits; a reference peer
/// never produces either.)
public enum StandardBase64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Symbol value of each byte, or 0xFF for bytes outside the alphabet.
    private static let symbolValues: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(index) }
        return table
    }()

    private static let padding = UInt8(ascii: "=")

    /// The number of characters `encode` produces for `byteCount` bytes.
    public static func encodedLength(of byteCount: Int) -> Int { (byteCount + 2) / 3 * 4 }

    /// The padded base64 text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        append(bytes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the padded base64 text of `bytes` to `output`.
    public static func append(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + encodedLength(of: bytes.count))
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = second == nil ? nil : iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(second == nil ? padding : alphabet[Int(group >> 6 & 0x3F)])
            output.append(third == nil ? padding : alphabet[Int(group & 0x3F)])
        }
    }

    /// Decodes padded standard base64 text strictly (see the type's documentation).
    public static func decode(_ text: some StringProtocol) throws(StandardBase64Error) -> [UInt8] {
        try decode(bytes: text.utf8)
    }

    /// Decodes padded standard base64 given as ASCII bytes.
    public static func decode(bytes: some Collection<UInt8>) throws(StandardBase64Error) -> [UInt8] {
        let decoded = bytes.withContiguousStorageIfAvailable { input in
            Result { () throws(StandardBase64Error) -> [UInt8] in try decode(contiguous: input) }
        }
        if let decoded { return try decoded.get() }
        return try Array(bytes).withUnsafeBufferPointer { input throws(StandardBase64Error) in
            try decode(contiguous: input)
        }
    }

    /// The decoder proper, on contiguous bytes and without allocating per group.
    private static func decode(contiguous input: UnsafeBufferPointer<UInt8>) throws(StandardBase64Error) -> [UInt8] {
        guard input.count % 4 == 0 else {
            throw StandardBase64Error(offset: input.count, reason: "length is not a multiple of 4")
        }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        // Read once: each access of a static goes through its lazy-initialisation check.
        let symbolValues = Self.symbolValues
        var groupStart = 0
        while groupStart < input.count {
            let isLastGroup = groupStart + 4 == input.count
            var group: UInt32 = 0
            var symbolCount = 4
            for index in 0..<4 {
                let byte = input[groupStart + index]
                if byte == padding {
                    // Padding only in the last two positions of the last group, and only as a suffix.
                    guard isLastGroup, index >= 2 else {
                        throw StandardBase64Error(offset: groupStart + index, reason: "unexpected padding")
                    }
                    if index == 2, input[groupStart + 3] != padding {
                        throw StandardBase64Error(offset: groupStart + 3, reason: "incomplete padding")
                    }
                    symbolCount = index
                    break
                }
                let value = symbolValues[Int(byte)]
                guard value != 0xFF else {
                    throw StandardBase64Error(offset: groupStart + index, reason: "illegal character")
                }
                group |= UInt32(value) << (18 - 6 * UInt32(index))
            }
            output.append(UInt8(group >> 16 & 0xFF))
            switch symbolCount {
            case 2:
                guard group & 0xFFFF == 0 else {
                    throw StandardBase64Error(offset: groupStart + 1, reason: "non-zero trailing bits")
                }
            case 3:
                guard group & 0xFF == 0 else {
                    throw StandardBase64Error(offset: groupStart + 2, reason: "non-zero trailing bits")
                }
                output.append(UInt8(group >> 8 & 0xFF))
            default:
                output.append(UInt8(group >> 8 & 0xFF))
                output.append(UInt8(group & 0xFF))
            }
            groupStart += 4
        }
        return output
    }
}
