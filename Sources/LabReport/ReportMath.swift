/// The little math the charts need, without Foundation.
enum ReportMath {
    /// Base-10 logarithm of a positive finite number: from the binary exponent and a series
    /// for the logarithm of the significand (ln m = 2 atanh((m-1)/(m+1)), m in [1, 2)).
    static func log10(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 0 }
        let exponent = Double(value.exponent)
        let significand = value.significand
        let z = (significand - 1) / (significand + 1)
        let zSquared = z * z
        var term = z
        var sum = 0.0
        var denominator = 1.0
        for _ in 0..<12 {
            sum += term / denominator
            term *= zSquared
            denominator += 2
        }
        let naturalLogarithm = 2 * sum + exponent * 0.693_147_180_559_945_3
        return naturalLogarithm / 2.302_585_092_994_045_7
    }

    /// 10 raised to a whole power.
    static func powerOfTen(_ exponent: Int) -> Double {
        var value = 1.0
        if exponent >= 0 {
            for _ in 0..<exponent { value *= 10 }
        } else {
            for _ in 0..<(-exponent) { value /= 10 }
        }
        return value
    }

    /// The value at `fraction` (0...1) of the sorted values.
    static func percentile(_ sorted: [Int64], _ fraction: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let index = Int((Double(sorted.count - 1) * fraction).rounded())
        return sorted[min(max(index, 0), sorted.count - 1)]
    }
}
