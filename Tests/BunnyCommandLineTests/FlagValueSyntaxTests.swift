import Testing

@testable import BunnyCommandLine

@Suite("Go flag value syntax")
struct FlagValueSyntaxTests {
    @Test(arguments: [
        ("0", Int64(0)), ("42", 42), ("-7", -7), ("+7", 7), ("0x1F", 31), ("0X1f", 31), ("010", 8), ("0o17", 15),
        ("0b101", 5), ("1_000", 1000), ("0x_ff", 255), ("9223372036854775807", Int64.max),
        ("-9223372036854775808", Int64.min), ("07", 7),
    ])
    func integersParseLikeGo(text: String, expected: Int64) throws {
        #expect(try FlagValueSyntax.parseInteger(text) == expected)
    }

    @Test(arguments: ["", "abc", "1.5", "08", "0x", "1_", "_1", "1__0", "0xg", "12a", "-", " 1", "1e3"])
    func malformedIntegersAreRejected(text: String) {
        #expect(throws: FlagValueSyntax.IntegerError.invalidSyntax) { try FlagValueSyntax.parseInteger(text) }
    }

    @Test(arguments: ["9223372036854775808", "-9223372036854775809", "0x10000000000000000"])
    func integersOutOfRangeAreRejected(text: String) {
        #expect(throws: FlagValueSyntax.IntegerError.outOfRange) { try FlagValueSyntax.parseInteger(text) }
    }

    @Test(arguments: [
        ("0", Int64(0)), ("10ns", 10), ("300us", 300_000), ("300µs", 300_000), ("300μs", 300_000),
        ("500ms", 500_000_000), ("30s", 30_000_000_000), ("1.5s", 1_500_000_000), ("2m", 120_000_000_000),
        ("1h30m", 5_400_000_000_000), ("-1.5h", -5_400_000_000_000), ("+5s", 5_000_000_000), (".5s", 500_000_000),
        ("1.s", 1_000_000_000), ("1h2m3.5s", 3_723_500_000_000), ("2562047h47m16.854775807s", Int64.max),
    ])
    func durationsParseLikeGo(text: String, expected: Int64) {
        #expect(FlagValueSyntax.parseDurationNanoseconds(text) == expected)
    }

    @Test(arguments: ["", "5", "-", "s", "1x", "1.5", ".s", "1s2", "3000000h", "1 s", "1S", "+"])
    func malformedDurationsAreRejected(text: String) {
        #expect(FlagValueSyntax.parseDurationNanoseconds(text) == nil)
    }

    @Test(arguments: [
        ("1", true), ("t", true), ("T", true), ("TRUE", true), ("true", true), ("True", true), ("0", false),
        ("f", false), ("F", false), ("FALSE", false), ("false", false), ("False", false),
    ])
    func booleansParseLikeGo(text: String, expected: Bool) {
        #expect(FlagValueSyntax.parseBoolean(text) == expected)
    }

    @Test(arguments: ["yes", "no", "tRuE", "", "2"])
    func otherBooleanSpellingsAreRejected(text: String) {
        #expect(FlagValueSyntax.parseBoolean(text) == nil)
    }

    @Test(arguments: [
        (Duration.seconds(30), "30s"), (.seconds(120), "2m0s"), (.seconds(5400), "1h30m0s"),
        (.milliseconds(500), "500ms"), (.milliseconds(1500), "1.5s"), (.zero, "0s"), (.microseconds(300), "300µs"),
        (.nanoseconds(42), "42ns"),
    ])
    func durationsFormatLikeGo(duration: Duration, expected: String) {
        #expect(FlagValueSyntax.formatDuration(duration) == expected)
    }
}
