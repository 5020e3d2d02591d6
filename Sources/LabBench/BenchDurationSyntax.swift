/// Durations on the command line: `10s`, `500ms`, `2m`, `1.5s`, or a plain number of seconds.
public enum BenchDurationSyntax {
    public static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, nanoseconds: Double)] = [
            ("ms", 1e6), ("us", 1e3), ("µs", 1e3), ("ns", 1), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        var number = Substring(text)
        var scale = 1e9
        for unit in units where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            scale = unit.nanoseconds
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale < 1e18 else { return nil }
        return .nanoseconds(Int64((value * scale).rounded()))
    }

    /// `10s`, `500ms`, `1.5s`: the shortest exact form for messages and JSON.
    public static func format(_ duration: Duration) -> String {
        let nanoseconds = duration.nanosecondsValue
        if nanoseconds % 1_000_000_000 == 0 { return "\(nanoseconds / 1_000_000_000)s" }
        if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
        return "\(Double(nanoseconds) / 1e9)s"
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating far beyond any bench run).
    public var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue + attoseconds / 1_000_000_000
    }

    public var secondsValue: Double { Double(nanosecondsValue) / 1e9 }
}
