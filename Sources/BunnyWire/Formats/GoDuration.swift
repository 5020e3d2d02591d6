import BunnyCore

/// Durations written exactly like Go's `time.Duration.String()` (`api.md` §5.12).
///
/// * zero: `0s`;
/// * below one second: one unit, `ns`, `µs` (U+00B5 MICRO SIGN) or `ms`, with the fraction's
///   trailing zeros removed: `42ns`, `575.15µs`, `150ms`;
/// * from one second: hours, minutes and seconds, leading zero units dropped but inner ones
///   kept: `1h0m0s`, `1m30.005s`, `2.021107375s`;
/// * negative values carry a leading `-`.
///
/// The range is that of Go's `Duration`, a signed 64-bit count of nanoseconds: the largest
/// value is `2562047h47m16.854775807s` (the `/status` "never" value), the smallest
/// `-2562047h47m16.854775808s`. A Swift `Duration` beyond that range saturates.
public enum GoDuration {
    /// The Go string of a Swift duration (sub-nanosecond parts are truncated toward zero).
    public static func format(_ duration: Duration) -> String {
        format(nanoseconds: duration.nanoseconds)
    }

    /// The Go string of a count of nanoseconds.
    public static func format(nanoseconds: Int64) -> String {
        // Built backwards, as Go does, into a buffer large enough for the longest value.
        var buffer = [UInt8](repeating: 0, count: 32)
        var position = buffer.count
        var magnitude = nanoseconds.magnitude

        func put(_ byte: UInt8) {
            position -= 1
            buffer[position] = byte
        }

        /// Writes the lowest `precision` decimal digits of `value` as a fraction, omitting
        /// trailing zeros (and the point when all are zero); returns the remaining value.
        func putFraction(_ value: UInt64, precision: Int) -> UInt64 {
            var remaining = value
            var printing = false
            for _ in 0..<precision {
                let digit = remaining % 10
                printing = printing || digit != 0
                if printing { put(UInt8(ascii: "0") + UInt8(digit)) }
                remaining /= 10
            }
            if printing { put(UInt8(ascii: ".")) }
            return remaining
        }

        func putInteger(_ value: UInt64) {
            var remaining = value
            repeat {
                put(UInt8(ascii: "0") + UInt8(remaining % 10))
                remaining /= 10
            } while remaining > 0
        }

        if magnitude < 1_000_000_000 {
            put(UInt8(ascii: "s"))
            let precision: Int
            switch magnitude {
            case 0:
                return "0s"
            case ..<1_000:
                precision = 0
                put(UInt8(ascii: "n"))
            case ..<1_000_000:
                precision = 3
                put(0xB5)  // "µ" U+00B5 is C2 B5 in UTF-8.
                put(0xC2)
            default:
                precision = 6
                put(UInt8(ascii: "m"))
            }
            magnitude = putFraction(magnitude, precision: precision)
            putInteger(magnitude)
        } else {
            put(UInt8(ascii: "s"))
            magnitude = putFraction(magnitude, precision: 9)
            putInteger(magnitude % 60)
            magnitude /= 60
            if magnitude > 0 {
                put(UInt8(ascii: "m"))
                putInteger(magnitude % 60)
                magnitude /= 60
                if magnitude > 0 {
                    // Go stops at hours: days vary in length.
                    put(UInt8(ascii: "h"))
                    putInteger(magnitude)
                }
            }
        }
        if nanoseconds < 0 { put(UInt8(ascii: "-")) }
        return String(decoding: buffer[position...], as: UTF8.self)
    }
}
