import BunnyCore

/// RFC 3339 timestamps as the peer protocol carries them (`internal-protocol.md` §4).
///
/// **Formatting** always produces UTC with the suffix `Z`, up to nine fractional digits with
/// trailing zeros removed and no fraction at all when it is zero — exactly Go's
/// `time.RFC3339Nano` for a UTC time. `WallTime.unset` (0) is written as the Go zero time
/// `0001-01-01T00:00:00Z`. A consequence of that representation: the instant
/// `1970-01-01T00:00:00Z` itself cannot be expressed; it is the unset value.
///
/// **Parsing** accepts any RFC 3339 `date-time`: `T` (or `t`) between date and time, 0–9
/// fractional digits, offset `Z`, `z` or `±hh:mm`. Like the reference (Go) decoder it also
/// accepts more than nine fractional digits and truncates them to nanoseconds, rejects
/// a leap second (`:60`) and rejects a space instead of `T`. The Go zero instant
/// (`0001-01-01T00:00:00Z`, in whatever offset it is written) is `WallTime.unset`.
/// (Go itself rejects the lowercase `t`/`z` forms; accepting them is harmless liberality.)
///
/// **Range.** `WallTime` counts nanoseconds in an `Int64`, which covers
/// 1677-09-21T00:12:43.145224192Z … 2262-04-11T23:47:16.854775807Z. Valid timestamps beyond
/// either end (years 0000–9999 are valid RFC 3339) are *clamped* to the nearest representable
/// instant rather than rejected: the reference accepts them, and for the fields that carry
/// times (expiries, lock and replication times) "absurdly far in the future/past" keeps its
/// meaning at the clamped value, whereas a rejection would turn into a `400 invalid message`
/// the reference would not send.
public enum RFC3339Time {
    /// The wire form of `WallTime.unset` (Go's zero `time.Time`).
    public static let unsetText = "0001-01-01T00:00:00Z"

    /// Seconds from the Unix epoch to 0001-01-01T00:00:00Z.
    static let zeroInstantSeconds: Int64 = -62_135_596_800

    private static let nanosecondsPerSecond: Int64 = 1_000_000_000
    private static let secondsPerDay: Int64 = 86_400

    // MARK: Formatting

    /// The timestamp as text, e.g. `2026-11-22T03:58:11.87854Z`.
    public static func format(_ time: WallTime) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(30)
        append(time, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the timestamp text (without quotes) to `output`.
    public static func append(_ time: WallTime, to output: inout [UInt8]) {
        if time.isUnset {
            output.append(contentsOf: unsetText.utf8)
            return
        }
        let nanoseconds = time.nanosecondsSinceEpoch
        var seconds = nanoseconds / nanosecondsPerSecond
        var fraction = nanoseconds % nanosecondsPerSecond
        if fraction < 0 {
            seconds -= 1
            fraction += nanosecondsPerSecond
        }
        var days = seconds / secondsPerDay
        var secondOfDay = seconds % secondsPerDay
        if secondOfDay < 0 {
            days -= 1
            secondOfDay += secondsPerDay
        }
        let date = civilDate(fromDaysSinceEpoch: days)
        appendDigits(date.year, count: 4, to: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(date.month, count: 2, to: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(date.day, count: 2, to: &output)
        output.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, count: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2, to: &output)
        if fraction != 0 {
            output.append(UInt8(ascii: "."))
            var digits = 9
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            appendDigits(fraction, count: digits, to: &output)
        }
        output.append(UInt8(ascii: "Z"))
    }

    private static func appendDigits(_ value: Int64, count: Int, to output: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<count { divisor *= 10 }
        var remaining = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(remaining / divisor))
            remaining %= divisor
            divisor /= 10
        }
    }

    // MARK: Parsing

    /// Parses an RFC 3339 timestamp (see the type's documentation for the accepted forms).
    public static func parse(_ text: String) throws(RFC3339TimeError) -> WallTime {
        try parse(bytes: Array(text.utf8), text: text)
    }

    /// Parses an RFC 3339 timestamp given as UTF-8 bytes.
    public static func parse(bytes: some Collection<UInt8>) throws(RFC3339TimeError) -> WallTime {
        try parse(bytes: Array(bytes), text: nil)
    }

    /// `text` is only for error messages; without it, it is made from `bytes` on failure.
    private static func parse(bytes: [UInt8], text: String?) throws(RFC3339TimeError) -> WallTime {
        func failure(_ reason: String) -> RFC3339TimeError {
            RFC3339TimeError(text: text ?? String(decoding: bytes, as: UTF8.self), reason: reason)
        }

        func number(at start: Int, count: Int, in range: ClosedRange<Int64>, _ name: String)
            throws(RFC3339TimeError) -> Int64
        {
            guard start + count <= bytes.count else { throw failure("truncated \(name)") }
            var value: Int64 = 0
            for index in start..<start + count {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    throw failure("expected a digit in the \(name)")
                }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            guard range.contains(value) else { throw failure("\(name) out of range") }
            return value
        }

        func expect(_ character: Unicode.Scalar, at index: Int, _ context: String) throws(RFC3339TimeError) {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else {
                throw failure("expected '\(character)' \(context)")
            }
        }

        guard bytes.count >= 20 else { throw failure("too short") }
        let year = try number(at: 0, count: 4, in: 0...9999, "year")
        try expect("-", at: 4, "after the year")
        let month = try number(at: 5, count: 2, in: 1...12, "month")
        try expect("-", at: 7, "after the month")
        let day = try number(at: 8, count: 2, in: 1...daysInMonth(month, year: year), "day")
        switch bytes[10] {
        case UInt8(ascii: "T"), UInt8(ascii: "t"): break
        case UInt8(ascii: " "): throw failure("a space instead of 'T' between date and time")
        default: throw failure("expected 'T' between date and time")
        }
        let hour = try number(at: 11, count: 2, in: 0...23, "hour")
        try expect(":", at: 13, "after the hour")
        let minute = try number(at: 14, count: 2, in: 0...59, "minute")
        try expect(":", at: 16, "after the minute")
        let second = try number(at: 17, count: 2, in: 0...59, "second")

        var position = 19
        var fraction: Int64 = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            var digitCount = 0
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                // Digits beyond nanoseconds are truncated, as in Go.
                if digitCount < 9 { fraction = fraction * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
                digitCount += 1
                position += 1
            }
            guard digitCount > 0 else { throw failure("expected a digit after '.'") }
            for _ in digitCount..<max(digitCount, 9) { fraction *= 10 }
        }

        var offsetSeconds: Int64 = 0
        guard position < bytes.count else { throw failure("missing time zone offset") }
        switch bytes[position] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            position += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign: Int64 = bytes[position] == UInt8(ascii: "-") ? -1 : 1
            guard bytes.count - position == 6 else { throw failure("offset must be ±hh:mm") }
            let offsetHours = try number(at: position + 1, count: 2, in: 0...23, "offset hour")
            try expect(":", at: position + 3, "in the offset")
            let offsetMinutes = try number(at: position + 4, count: 2, in: 0...59, "offset minute")
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            position += 6
        default:
            throw failure("expected 'Z' or an offset ±hh:mm")
        }
        guard position == bytes.count else { throw failure("unexpected characters after the offset") }

        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * secondsPerDay + hour * 3600 + minute * 60 + second - offsetSeconds
        if seconds == zeroInstantSeconds && fraction == 0 { return .unset }
        return WallTime(nanosecondsSinceEpoch: clampedNanoseconds(seconds: seconds, fraction: fraction))
    }

    /// `seconds * 10⁹ + fraction`, saturating at the ends of the `Int64` range.
    private static func clampedNanoseconds(seconds: Int64, fraction: Int64) -> Int64 {
        // Before the epoch, borrow a second so that both terms share the sign of the result
        // and an overflow of either one really means "out of range".
        var wholeSeconds = seconds
        var remainder = fraction
        if wholeSeconds < 0 && remainder > 0 {
            wholeSeconds += 1
            remainder -= nanosecondsPerSecond
        }
        let (scaled, overflow) = wholeSeconds.multipliedReportingOverflow(by: nanosecondsPerSecond)
        if overflow { return wholeSeconds < 0 ? .min : .max }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(remainder)
        if sumOverflow { return remainder < 0 ? .min : .max }
        return sum
    }

    // MARK: Civil calendar (proleptic Gregorian; Howard Hinnant's algorithms)

    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given date.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date that lies the given number of days after 1970-01-01.
    static func civilDate(fromDaysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
