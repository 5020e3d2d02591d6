/// The progress text of a long bench: a bar over the whole timed phase, what runs now, its
/// current rate and errors, and the time left.
public struct BenchProgressLine: Sendable, Equatable {
    /// `snapshot A round 1/3`.
    public var phase: String
    public var warmingUp: Bool
    /// Of the whole timed phase of the bench.
    public var elapsed: Duration
    public var total: Duration
    /// Over the last progress interval.
    public var operationsPerSecond: Double
    /// Since the current operation's run started.
    public var errors: Int

    public init(
        phase: String, warmingUp: Bool, elapsed: Duration, total: Duration, operationsPerSecond: Double, errors: Int
    ) {
        self.phase = phase
        self.warmingUp = warmingUp
        self.elapsed = elapsed
        self.total = total
        self.operationsPerSecond = operationsPerSecond
        self.errors = errors
    }

    var fraction: Double {
        guard total > .zero else { return 1 }
        return Swift.min(1, Swift.max(0, elapsed.secondsValue / total.secondsValue))
    }

    /// `[########------------]  40%  snapshot A round 1/3  54 321 ops/s  0 errors  6s left`.
    public func bar(width: Int = 20) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
        let percent = String(Int((fraction * 100).rounded(.down)))
        return bar + " " + String(repeating: " ", count: 3 - percent.count) + percent + "%  " + details
    }

    /// The same without the bar, for logs: `40%  snapshot A round 1/3  …`.
    public var plain: String { String(Int((fraction * 100).rounded(.down))) + "%  " + details }

    private var details: String {
        let left = Swift.max(0, (total - elapsed).secondsValue)
        return phase + (warmingUp ? " (warm-up)" : "") + "  "
            + BenchNumberFormat.grouped(operationsPerSecond) + " ops/s  " + String(errors)
            + (errors == 1 ? " error  " : " errors  ") + Self.format(seconds: left) + " left"
    }

    static func format(seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole >= 60 ? "\(whole / 60)m\(whole % 60 < 10 ? "0" : "")\(whole % 60)s" : "\(whole)s"
    }
}
