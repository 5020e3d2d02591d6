/// Number formats of the bench's tables (no Foundation): grouped integers, one-decimal
/// microseconds, two-decimal ratios.
public enum BenchNumberFormat {
    /// `71817` → `71 817`.
    public static func grouped(_ value: Double) -> String {
        let rounded = Int64(value.rounded())
        let digits = String(rounded.magnitude)
        var output = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output.append(" ") }
            output.append(digit)
        }
        return (rounded < 0 ? "-" : "") + output
    }

    /// A value with `digits` decimals, rounded half away from zero: `decimal(12.345, 1)` → `12.3`.
    public static func decimal(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value.magnitude * scale).rounded())
        let whole = scaled / Int64(scale)
        var text = (value < 0 && scaled != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(scaled % Int64(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// `0.874` → `0.87×`; `-` for no ratio.
    public static func ratio(_ value: Double?) -> String {
        value.map { decimal($0, 2) + "×" } ?? "-"
    }

    /// Left-aligned first column, the others right-aligned, two spaces apart.
    public static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
