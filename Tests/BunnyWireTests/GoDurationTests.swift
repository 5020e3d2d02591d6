import BunnyWire
import Testing

/// Expected strings are what Go's `time.Duration.String()` prints for the same values.
@Suite("Go duration strings")
struct GoDurationTests {
    static let nanosecond: Int64 = 1
    static let microsecond: Int64 = 1_000
    static let millisecond: Int64 = 1_000_000
    static let second: Int64 = 1_000_000_000
    static let minute: Int64 = 60 * second
    static let hour: Int64 = 60 * minute

    static let cases: [(nanoseconds: Int64, expected: String)] = [
        (0, "0s"),
        (1, "1ns"),
        (42, "42ns"),
        (999, "999ns"),
        (microsecond, "1µs"),
        (1_100, "1.1µs"),
        (1_500, "1.5µs"),
        (575_150, "575.15µs"),
        (999_999, "999.999µs"),
        (millisecond, "1ms"),
        (1_500_000, "1.5ms"),
        (150 * millisecond, "150ms"),
        (150 * millisecond + 1, "150.000001ms"),
        (999_999_999, "999.999999ms"),
        (second, "1s"),
        (second + 1, "1.000000001s"),
        (1_500 * millisecond, "1.5s"),
        (2_021_107_375, "2.021107375s"),
        (59_999 * millisecond, "59.999s"),
        (minute, "1m0s"),
        (minute + 30 * second + 5 * millisecond, "1m30.005s"),
        (59 * minute + 59 * second, "59m59s"),
        (hour, "1h0m0s"),
        (hour + 2 * minute + 3_500 * millisecond, "1h2m3.5s"),
        (hour + 1, "1h0m0.000000001s"),
        (hour + minute, "1h1m0s"),
        (100 * hour, "100h0m0s"),
        (Int64.max, "2562047h47m16.854775807s"),
        (-1, "-1ns"),
        (-1_500, "-1.5µs"),
        (-150 * millisecond, "-150ms"),
        (-1_500 * millisecond, "-1.5s"),
        (-hour - 2 * minute - 3_500 * millisecond, "-1h2m3.5s"),
        (Int64.min, "-2562047h47m16.854775808s"),
    ]

    @Test(arguments: cases)
    func matchesGo(nanoseconds: Int64, expected: String) {
        #expect(GoDuration.format(nanoseconds: nanoseconds) == expected)
        #expect(GoDuration.format(.nanoseconds(nanoseconds)) == expected)
    }

    @Test func microSignIsUPlus00B5() {
        #expect(Array(GoDuration.format(nanoseconds: 1_000).utf8) == [0x31, 0xC2, 0xB5, 0x73])
    }

    @Test func swiftDurationsBeyondTheRangeSaturate() {
        #expect(GoDuration.format(.seconds(Int64.max)) == "2562047h47m16.854775807s")
        #expect(GoDuration.format(.seconds(Int64.min)) == "-2562047h47m16.854775808s")
        #expect(GoDuration.format(.milliseconds(150)) == "150ms")
        #expect(GoDuration.format(.seconds(90)) == "1m30s")
    }
}
