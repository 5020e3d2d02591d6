/// Durations in scenario files: `4s`, `1.5s`, `500ms`, a bare number of seconds, or a multiple
/// of the failover window (`2 windows`, `0.5 window`), minutes (`3m`, `30min`), which is the 4 s a secondary waits
/// without heartbeats before promoting (2 s lease + 2 s grace).
public enum ScenarioDuration {
    public static let failoverWindowSeconds = 4.0

    /// Seconds, or `nil` when the text is not a duration (or is negative or absurd).
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        var number = Substring(trimmed)
        var scale = 1.0
        for (suffix, factor) in [
            (" windows", failoverWindowSeconds), (" window", failoverWindowSeconds), ("ms", 0.001), ("min", 60.0),
            ("m", 60.0), ("s", 1.0),
        ] where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number.trimmingSpaces), value.isFinite, value >= 0 else { return nil }
        let seconds = value * scale
        return seconds <= 86_400 ? seconds : nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var slice = self
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return slice
    }
}
