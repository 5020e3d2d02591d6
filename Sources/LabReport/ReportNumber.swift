/// Number formatting without Foundation: fixed decimals for coordinates and seconds, short
/// forms for figures and durations.
enum ReportNumber {
    /// `value` rounded to `decimals` places, without trailing zeros when `trimmed`.
    static func fixed(_ value: Double, _ decimals: Int, trimmed: Bool = false) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let integer = Int64(scaled)
        let negative = value < 0 && integer != 0
        let multiplier = Int64(scale)
        let whole = integer / multiplier
        var text = (negative ? "-" : "") + String(whole)
        if decimals > 0 {
            var fraction = String(integer % multiplier)
            while fraction.count < decimals { fraction = "0" + fraction }
            if trimmed {
                while fraction.last == "0" { fraction.removeLast() }
            }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return text
    }

    /// An SVG coordinate: one decimal, trailing zero dropped.
    static func coordinate(_ value: Double) -> String { fixed(value, 1, trimmed: true) }

    /// Lab-clock nanoseconds as seconds from `origin`, e.g. `6.212`.
    static func seconds(_ nanoseconds: Int64, from origin: Int64 = 0) -> String {
        fixed(Double(nanoseconds - origin) / 1e9, 3)
    }

    /// A latency: `850 µs`, `3.2 ms`, `1.25 s`.
    static func duration(nanoseconds: Int64) -> String {
        let value = Double(nanoseconds)
        if value < 1e6 { return fixed(value / 1e3, 0) + " µs" }
        if value < 1e9 { return fixed(value / 1e6, value < 1e7 ? 1 : 0) + " ms" }
        return fixed(value / 1e9, 2) + " s"
    }

    /// A latency tick of the log scale, 10^exponent nanoseconds: `100 µs`, `1 ms`, `10 s`.
    static func powerOfTenDuration(exponent: Int) -> String {
        let units = [(9, "s"), (6, "ms"), (3, "µs"), (0, "ns")]
        let (unitExponent, unit) = units.first { exponent >= $0.0 } ?? (0, "ns")
        return "1" + String(repeating: "0", count: max(exponent - unitExponent, 0)) + " " + unit
    }

    /// A checker figure: integers as integers, other values with up to 3 decimals.
    static func figure(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return fixed(value, 3, trimmed: true)
    }
}
