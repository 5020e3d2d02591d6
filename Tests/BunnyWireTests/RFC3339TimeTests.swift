import BunnyCore
import BunnyWire
import Foundation
import Testing

@Suite("RFC 3339 timestamps")
struct RFC3339TimeTests {
    // 2026-11-22T03:59:44Z = 1795319984 s (calendar.timegm).
    static let baseSeconds: Int64 = 1_795_319_984

    // MARK: Formatting

    @Test func unsetIsTheGoZeroTime() throws {
        #expect(RFC3339Time.format(.unset) == "0001-01-01T00:00:00Z")
        #expect(RFC3339Time.unsetText == "0001-01-01T00:00:00Z")
        #expect(try RFC3339Time.parse("0001-01-01T00:00:00Z") == .unset)
    }

    @Test(arguments: [
        (Int64(0), "2026-11-22T03:59:44Z"),
        (100_000_000, "2026-11-22T03:59:44.1Z"),
        (120_000_000, "2026-11-22T03:59:44.12Z"),
        (123_456_700, "2026-11-22T03:59:44.1234567Z"),
        (667_154_159, "2026-11-22T03:59:44.667154159Z"),
        (1, "2026-11-22T03:59:44.000000001Z"),
        (10, "2026-11-22T03:59:44.00000001Z"),
        (999_999_999, "2026-11-22T03:59:44.999999999Z"),
        (500_000_000, "2026-11-22T03:59:44.5Z"),
    ])
    func fractionsDropTrailingZeros(nanoseconds: Int64, text: String) throws {
        let time = wallTime(unixSeconds: Self.baseSeconds, nanoseconds: nanoseconds)
        #expect(RFC3339Time.format(time) == text)
        #expect(try RFC3339Time.parse(text) == time)
    }

    @Test func trailingZeroTrimmingSeenFromTheReference() throws {
        // An earlier recording of the reference emitted this (a 5-digit fraction).
        let time = try RFC3339Time.parse("2026-11-22T03:58:11.87854Z")
        // 2026-11-22T03:58:11Z = 1795319891 s.
        #expect(time == wallTime(unixSeconds: 1_795_319_891, nanoseconds: 878_540_000))
        #expect(RFC3339Time.format(time) == "2026-11-22T03:58:11.87854Z")
    }

    @Test func extremesOfTheRange() throws {
        let latest = WallTime(nanosecondsSinceEpoch: .max)
        let earliest = WallTime(nanosecondsSinceEpoch: .min)
        #expect(RFC3339Time.format(latest) == "2262-04-11T23:47:16.854775807Z")
        #expect(RFC3339Time.format(earliest) == "1677-09-21T00:12:43.145224192Z")
        #expect(try RFC3339Time.parse("2262-04-11T23:47:16.854775807Z") == latest)
        #expect(try RFC3339Time.parse("1677-09-21T00:12:43.145224192Z") == earliest)
        #expect(RFC3339Time.format(WallTime(nanosecondsSinceEpoch: 1)) == "1970-01-01T00:00:00.000000001Z")
        #expect(RFC3339Time.format(WallTime(nanosecondsSinceEpoch: -1)) == "1969-12-31T23:59:59.999999999Z")
    }

    @Test func outOfRangeTimesAreClamped() throws {
        #expect(try RFC3339Time.parse("2262-04-11T23:47:16.854775808Z").nanosecondsSinceEpoch == .max)
        #expect(try RFC3339Time.parse("9999-12-31T23:59:59.999999999Z").nanosecondsSinceEpoch == .max)
        #expect(try RFC3339Time.parse("1677-09-21T00:12:43.145224191Z").nanosecondsSinceEpoch == .min)
        #expect(try RFC3339Time.parse("1600-02-29T00:00:00Z").nanosecondsSinceEpoch == .min)
        #expect(try RFC3339Time.parse("0001-01-01T00:00:00.000000001Z").nanosecondsSinceEpoch == .min)
        #expect(try RFC3339Time.parse("0000-01-01T00:00:00Z").nanosecondsSinceEpoch == .min)
    }

    // MARK: Parsing

    @Test(arguments: 0...9)
    func zeroToNineFractionalDigits(digits: Int) throws {
        let fraction = String("123456789".prefix(digits))
        let text = "2026-11-22T03:59:44" + (digits == 0 ? "" : "." + fraction) + "Z"
        var nanoseconds: Int64 = digits == 0 ? 0 : Int64(fraction)!
        for _ in digits..<9 { nanoseconds *= 10 }
        let time = try RFC3339Time.parse(text)
        #expect(time == wallTime(unixSeconds: Self.baseSeconds, nanoseconds: nanoseconds))
        #expect(RFC3339Time.format(time) == text)
    }

    @Test func moreThanNineDigitsAreTruncatedLikeGo() throws {
        #expect(
            try RFC3339Time.parse("2026-11-22T03:59:44.1234567899Z")
                == wallTime(unixSeconds: Self.baseSeconds, nanoseconds: 123_456_789))
    }

    @Test func zeroFractionsAreNotWritten() throws {
        let time = try RFC3339Time.parse("2026-11-22T03:59:44.000000000Z")
        #expect(RFC3339Time.format(time) == "2026-11-22T03:59:44Z")
        #expect(RFC3339Time.format(try RFC3339Time.parse("2026-11-22T03:59:44.100Z")) == "2026-11-22T03:59:44.1Z")
    }

    @Test(arguments: [
        ("2026-11-22T05:59:44+02:00", Int64(0)),
        ("2026-11-22T01:29:44-02:30", 0),
        ("2026-11-22T03:59:44+00:00", 0),
        ("2026-11-22T03:59:44-00:00", 0),
        ("2026-11-22T03:59:44z", 0),
        ("2026-11-22t03:59:44Z", 0),
        ("2026-11-23T03:58:44.5+23:59", 500_000_000),
        ("2026-11-21T04:00:44.25-23:59", 250_000_000),
    ])
    func offsets(text: String, nanoseconds: Int64) throws {
        let time = try RFC3339Time.parse(text)
        #expect(time == wallTime(unixSeconds: Self.baseSeconds, nanoseconds: nanoseconds))
    }

    @Test func offsetsCrossingDateAndYearBoundaries() throws {
        #expect(try RFC3339Time.parse("1970-01-01T01:00:00+01:00") == .unset)  // the epoch itself reads as unset
        #expect(try RFC3339Time.parse("1969-12-31T23:00:00.5-01:00") == WallTime(nanosecondsSinceEpoch: 500_000_000))
        #expect(try RFC3339Time.parse("2027-01-01T01:30:00+02:00") == RFC3339Time.parse("2026-12-31T23:30:00Z"))
    }

    @Test(arguments: [
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z", "0001-01-01T02:00:00+02:00",
        "0000-12-31T23:00:00-01:00", "0001-01-01t00:00:00z",
    ])
    func theGoZeroInstantIsUnsetInAnyNotation(text: String) throws {
        #expect(try RFC3339Time.parse(text) == .unset)
    }

    @Test(arguments: [
        ("1969-12-31T23:59:59Z", Int64(-1)),
        ("1900-03-01T00:00:00Z", -2_203_891_200),
        ("1700-01-01T00:00:00Z", -8_520_336_000),
        ("1969-01-01T00:00:00Z", -31_536_000),
    ])
    func datesBefore1970(text: String, unixSeconds: Int64) throws {
        let time = try RFC3339Time.parse(text)
        #expect(time == wallTime(unixSeconds: unixSeconds))
        #expect(RFC3339Time.format(time) == text)
    }

    @Test(arguments: [
        ("2000-02-29T12:00:00Z", Int64(951_825_600)),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("2024-03-01T00:00:00Z", 1_709_251_200),
        ("2100-03-01T00:00:00Z", 4_107_542_400),
        ("2004-12-31T23:59:59Z", 1_104_537_599),
    ])
    func leapYears(text: String, unixSeconds: Int64) throws {
        let time = try RFC3339Time.parse(text)
        #expect(time == wallTime(unixSeconds: unixSeconds))
        #expect(RFC3339Time.format(time) == text)
    }

    @Test(arguments: ["1900-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z"])
    func nonexistentDatesAreRejected(text: String) {
        #expect(throws: RFC3339TimeError.self) { try RFC3339Time.parse(text) }
    }

    @Test func aSpaceInsteadOfTIsRejected() {
        #expect(throws: RFC3339TimeError.self) { try RFC3339Time.parse("2026-11-22 03:59:44Z") }
        do {
            _ = try RFC3339Time.parse("2026-11-22 03:59:44.5Z")
        } catch {
            #expect(error.reason.contains("space"))
            #expect(error.text == "2026-11-22 03:59:44.5Z")
        }
    }

    @Test(arguments: [
        "", "garbage", "2026-11-22", "2026-11-22T03:59:44", "2026-11-22T03:59:44.5", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T03:60:00Z",
        "2026-11-22T03:59:60Z", "2026-11-22T03:59:44.Z", "2026-11-22T03:59:44+0200", "2026-11-22T03:59:44+02",
        "2026-11-22T03:59:44+02:00:00", "2026-11-22T03:59:44+24:00", "2026-11-22T03:59:44+02:60",
        "2026-11-22T03:59:44Z ", " 2026-11-22T03:59:44Z", "2026-11-22T03:59:44ZZ", "+2026-11-22T03:59:44Z",
        "2026-11-22T03:59:44,5Z", "2026-1-22T03:59:44Z", "2026-11-22T3:59:44Z", "20261122T035944Z",
        "2026/11/22T03:59:44Z", "2026-11-22T03:59:44.5.5Z", "2026-11-22T03:59:44UTC", "2026-11-22T03:59:44GMT+1",
        "２０２６-11-22T03:59:44Z", "2026-11-22T03:59:44.-5Z", "2026-11-22T03:59:-4Z", "-026-11-22T03:59:44Z",
        "2026-11-22_03:59:44Z", "2026-11-22T03:59:44.５Z",
    ])
    func garbageIsRejected(text: String) {
        #expect(throws: RFC3339TimeError.self, "\(text.debugDescription) was accepted") { try RFC3339Time.parse(text) }
    }

    @Test func bytesAndStringParsingAgree() throws {
        let text = "2026-11-22T03:59:44.667154159Z"
        #expect(try RFC3339Time.parse(bytes: Array(text.utf8)) == RFC3339Time.parse(text))
    }

    // MARK: Cross-checks

    /// Compares the civil-date arithmetic with Foundation's calendar over the whole range,
    /// one day in 97 (a step co-prime with week, month and leap cycles).
    @Test func calendarAgreesWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let firstDay: Int64 = -106_751  // 1677-09-22
        let lastDay: Int64 = 106_750  // 2262-04-10
        var day = firstDay
        while day <= lastDay {
            let seconds = day * 86_400 + (day &* 7919 % 86_400 + 86_400) % 86_400
            let time = WallTime(nanosecondsSinceEpoch: seconds * 1_000_000_000)
            if !time.isUnset {
                let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
                let text = RFC3339Time.format(time)
                #expect(text == expected)
                #expect(try RFC3339Time.parse(text) == time)
            }
            day += 97
        }
    }

    @Test func everyNanosecondPatternRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let time = WallTime(nanosecondsSinceEpoch: Int64.random(in: .min ... .max, using: &generator))
            guard !time.isUnset else { continue }
            #expect(try RFC3339Time.parse(RFC3339Time.format(time)) == time)
        }
    }
}
