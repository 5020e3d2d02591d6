extension Duration {
    /// The duration in whole nanoseconds, saturating at the 64-bit range.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds > 0 ? .max : .min }
        let (sum, sumOverflow) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if sumOverflow { return seconds > 0 ? .max : .min }
        return sum
    }

    /// Whole seconds, truncated toward zero.
    public var wholeSeconds: Int64 { nanoseconds / 1_000_000_000 }
}
