/// Appending JSON text to a byte array without Foundation: the daemon writes its few JSON
/// shapes by hand so that field order and encodings match the reference byte for byte.
public enum JSONText {
    public static func appendString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            // Most strings (IDs, host names) need no escape: copy them in one go.
            if bytes.contains(where: needsEscape) {
                appendEscaped(bytes, to: &output)
            } else {
                output.append(contentsOf: bytes)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
            || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x00..<0x20:
                // Go escapes these as \u00XX; so do we, for byte-compatible output.
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hexDigit(byte >> 4))
                output.append(hexDigit(byte & 0x0F))
            default: output.append(byte)
            }
        }
    }

    /// Decimal digits, written directly: `String(value)` went through the standard library's
    /// unspecialised generic formatting (and the runtime's metadata lookups) on every call.
    public static func appendInteger<Integer: BinaryInteger>(_ value: Integer, to output: inout [UInt8]) {
        if let small = Int64(exactly: value) {
            if small < 0 { output.append(UInt8(ascii: "-")) }
            appendDigits(small.magnitude, to: &output)
        } else if let large = UInt64(exactly: value) {
            appendDigits(large, to: &output)
        } else {
            output.append(contentsOf: String(value).utf8)
        }
    }

    private static func appendDigits(_ value: UInt64, to output: inout [UInt8]) {
        var divisor: UInt64 = 1
        while divisor <= value / 10 { divisor *= 10 }
        var remainder = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(remainder / divisor))
            remainder %= divisor
            divisor /= 10
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
    }
}
