/// The value syntax of Go's `flag` package, which the reference daemon uses and operators'
/// scripts rely on: `strconv.ParseBool`, `strconv.ParseInt(s, 0, 64)` and `time.ParseDuration`.
enum FlagValueSyntax {
    /// `1 t T TRUE true True` and `0 f F FALSE false False`.
    static func parseBoolean(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    enum IntegerError: Error, Equatable {
        case invalidSyntax
        case outOfRange
    }

    /// Decimal, `0x` hex, `0o` or leading-`0` octal, `0b` binary; optional sign; `_` between
    /// digits when a base prefix is used (as Go allows).
    static func parseInteger(_ text: String) throws(IntegerError) -> Int64 {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { throw .invalidSyntax }
        var base: UInt64 = 10
        var prefixed = false
        var octalLeadingZero = false
        if bytes.first == UInt8(ascii: "0"), bytes.count > 1 {
            let second = bytes[bytes.index(after: bytes.startIndex)] | 0x20
            switch second {
            case UInt8(ascii: "x"): base = 16; prefixed = true; bytes = bytes.dropFirst(2)
            case UInt8(ascii: "o"): base = 8; prefixed = true; bytes = bytes.dropFirst(2)
            case UInt8(ascii: "b"): base = 2; prefixed = true; bytes = bytes.dropFirst(2)
            default: base = 8; bytes = bytes.dropFirst(); octalLeadingZero = true
            }
        }
        // Go (base 0) allows "_" only between digits, or between a base prefix and a digit.
        var magnitude: UInt64 = 0
        var sawDigit = false
        var previousAllowsUnderscore = prefixed || octalLeadingZero
        var previousWasUnderscore = false
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                guard previousAllowsUnderscore else { throw .invalidSyntax }
                previousAllowsUnderscore = false
                previousWasUnderscore = true
                continue
            }
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: throw .invalidSyntax
            }
            guard digit < base else { throw .invalidSyntax }
            sawDigit = true
            previousAllowsUnderscore = true
            previousWasUnderscore = false
            let (product, productOverflow) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, sumOverflow) = product.addingReportingOverflow(digit)
            if productOverflow || sumOverflow { throw .outOfRange }
            magnitude = sum
        }
        if previousWasUnderscore || (prefixed && !sawDigit) { throw .invalidSyntax }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw .outOfRange }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw .outOfRange }
        return Int64(magnitude)
    }

    /// Go's `time.ParseDuration`: a signed sequence of decimal numbers, each with an optional
    /// fraction and a unit (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`), such as `300ms`,
    /// `-1.5h` or `2h45m`. A bare `0` is zero. Returns nil on any syntax error or overflow.
    static func parseDuration(_ text: String) -> Duration? {
        guard let nanoseconds = parseDurationNanoseconds(text) else { return nil }
        return .nanoseconds(nanoseconds)
    }

    static func parseDurationNanoseconds(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        if bytes.isEmpty { return nil }
        var total: UInt64 = 0
        let limit = UInt64(1) << 63
        while !bytes.isEmpty {
            guard let first = bytes.first, first == UInt8(ascii: ".") || isDigit(first) else { return nil }
            // Integer part.
            var integer: UInt64 = 0
            var sawInteger = false
            while let byte = bytes.first, isDigit(byte) {
                let (product, productOverflow) = integer.multipliedReportingOverflow(by: 10)
                let (sum, sumOverflow) = product.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                if productOverflow || sumOverflow || sum > limit { return nil }
                integer = sum
                sawInteger = true
                bytes = bytes.dropFirst()
            }
            // Fraction.
            var fraction: UInt64 = 0
            var scale: Double = 1
            var sawFraction = false
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                var overflowed = false
                while let byte = bytes.first, isDigit(byte) {
                    sawFraction = true
                    if !overflowed {
                        if fraction > (limit - 1) / 10 {
                            overflowed = true
                        } else {
                            let next = fraction * 10 + UInt64(byte - UInt8(ascii: "0"))
                            if next > limit {
                                overflowed = true
                            } else {
                                fraction = next
                                scale *= 10
                            }
                        }
                    }
                    bytes = bytes.dropFirst()
                }
            }
            guard sawInteger || sawFraction else { return nil }
            // Unit.
            var unitEnd = bytes.startIndex
            while unitEnd < bytes.endIndex, bytes[unitEnd] != UInt8(ascii: "."), !isDigit(bytes[unitEnd]) {
                unitEnd += 1
            }
            let unitBytes = bytes[bytes.startIndex..<unitEnd]
            guard !unitBytes.isEmpty, let unit = unitNanoseconds(unitBytes) else { return nil }
            bytes = bytes[unitEnd...]
            guard integer <= limit / unit else { return nil }
            var value = integer * unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                if value > limit { return nil }
            }
            total += value
            if total > limit { return nil }
        }
        if negative { return total == limit ? Int64.min : -Int64(total) }
        guard total < limit else { return nil }
        return Int64(total)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func unitNanoseconds(_ unit: ArraySlice<UInt8>) -> UInt64? {
        switch String(decoding: unit, as: UTF8.self) {
        case "ns": return 1
        case "us", "\u{00B5}s", "\u{03BC}s": return 1_000
        case "ms": return 1_000_000
        case "s": return 1_000_000_000
        case "m": return 60_000_000_000
        case "h": return 3_600_000_000_000
        default: return nil
        }
    }

    /// Go's `Duration.String` for the defaults in the flag list: `30s`, `2m0s`, `1h30m0s`, `500ms`.
    static func formatDuration(_ duration: Duration) -> String {
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        if nanoseconds == 0 { return "0s" }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude < 1_000_000_000 {
            if magnitude < 1_000 {
                text = "\(magnitude)ns"
            } else if magnitude < 1_000_000 {
                text = fractional(magnitude, unit: 1_000) + "\u{00B5}s"
            } else {
                text = fractional(magnitude, unit: 1_000_000) + "ms"
            }
        } else {
            let hours = magnitude / 3_600_000_000_000
            let minutes = (magnitude / 60_000_000_000) % 60
            let seconds = fractional(magnitude % 60_000_000_000, unit: 1_000_000_000) + "s"
            text = ""
            if hours > 0 { text += "\(hours)h" }
            if hours > 0 || minutes > 0 { text += "\(minutes)m" }
            text += seconds
        }
        return negative ? "-" + text : text
    }

    private static func fractional(_ value: UInt64, unit: UInt64) -> String {
        let whole = value / unit
        var remainder = value % unit
        guard remainder > 0 else { return "\(whole)" }
        var digits = ""
        var divisor = unit / 10
        while remainder > 0 && divisor > 0 {
            digits.append(Character(String(remainder / divisor)))
            remainder %= divisor
            divisor /= 10
        }
        return "\(whole).\(digits)"
    }
}
