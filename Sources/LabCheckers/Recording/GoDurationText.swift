/// Reads a Go `time.Duration` string as `/status` prints it (`"15.840794ms"`, `"4.2s"`,
/// `"1m2.5s"`, `"850µs"`, `"0s"`) into nanoseconds; `nil` when it is not one.
public enum GoDurationText {
    public static func nanoseconds(_ text: String) -> Int64? {
        var rest = Substring(text)
        var negative = false
        if rest.first == "-" {
            negative = true
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        var total = 0.0
        var sawComponent = false
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex { !($0.isNumber || $0 == ".") } ?? rest.endIndex
            guard numberEnd != rest.startIndex, let value = Double(rest[rest.startIndex..<numberEnd]) else {
                return nil
            }
            rest = rest[numberEnd...]
            let unitEnd = rest.firstIndex { $0.isNumber || $0 == "." } ?? rest.endIndex
            let unit = rest[rest.startIndex..<unitEnd]
            rest = rest[unitEnd...]
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            total += value * scale
            sawComponent = true
        }
        // Go prints its largest duration ("2562047h47m16.854775807s") for "never"; anything
        // that large, or beyond Int64, means no usable instant.
        guard sawComponent, total < 9.2e18 else { return nil }
        return Int64((negative ? -total : total).rounded())
    }
}
