/// Lab-clock times and durations as text for evidence lines, without Foundation:
/// `6.212 s` (milliseconds precision, rounded).
enum TimeText {
    static func seconds(_ nanoseconds: Int64) -> String {
        let milliseconds = (nanoseconds >= 0 ? nanoseconds + 500_000 : nanoseconds - 500_000) / 1_000_000
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = milliseconds.magnitude
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
    }

    /// A plain number with three decimals for summaries (`4.070`).
    static func decimal(_ value: Double) -> String {
        let thousandths = Int64((value * 1000).rounded())
        let sign = thousandths < 0 ? "-" : ""
        let magnitude = thousandths.magnitude
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    static func secondsValue(_ nanoseconds: Int64) -> Double { Double(nanoseconds) / 1e9 }
}
