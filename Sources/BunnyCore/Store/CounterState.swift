/// A counter's value and its optional, immutable bounds (`api.md` §6).
public struct CounterState: Equatable, Sendable {
    public var value: Int64
    public var minimum: Int64?
    public var maximum: Int64?

    public init(value: Int64, minimum: Int64? = nil, maximum: Int64? = nil) {
        self.value = value
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The result of adding a delta: the new state and whether a bound clamped it.
    public enum AdditionResult: Equatable, Sendable {
        case applied(CounterState, bounded: Bool)
        case overflow
    }

    /// Adds `delta` as the reference does: overflow is checked on the raw sum before any
    /// clamping (and is an error that changes nothing); then the minimum clamps, then the maximum.
    public func adding(_ delta: Int64) -> AdditionResult {
        let (sum, overflow) = value.addingReportingOverflow(delta)
        if overflow { return .overflow }
        var result = self
        result.value = sum
        var bounded = false
        if let minimum, result.value < minimum {
            result.value = minimum
            bounded = true
        }
        if let maximum, result.value > maximum {
            result.value = maximum
            bounded = true
        }
        return .applied(result, bounded: bounded)
    }

    public func contains(_ candidate: Int64) -> Bool {
        if let minimum, candidate < minimum { return false }
        if let maximum, candidate > maximum { return false }
        return true
    }

    /// The stored representation: `{"value":V}` plus `"min"` / `"max"` when set, in that order.
    public var canonicalJSON: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(48)
        output.append(contentsOf: Array(#"{"value":"#.utf8))
        JSONText.appendInteger(value, to: &output)
        if let minimum {
            output.append(contentsOf: Array(#","min":"#.utf8))
            JSONText.appendInteger(minimum, to: &output)
        }
        if let maximum {
            output.append(contentsOf: Array(#","max":"#.utf8))
            JSONText.appendInteger(maximum, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// `canonicalJSON.count`, computed without building it (memory accounting asks often).
    public var canonicalLength: Int {
        var length = 10 + Self.decimalLength(value)  // {"value":V}
        if let minimum { length += 7 + Self.decimalLength(minimum) }  // ,"min":A
        if let maximum { length += 7 + Self.decimalLength(maximum) }  // ,"max":B
        return length
    }

    static func decimalLength(_ number: Int64) -> Int {
        var magnitude = number.magnitude
        var digits = 1
        while magnitude >= 10 {
            magnitude /= 10
            digits += 1
        }
        return number < 0 ? digits + 1 : digits
    }

    /// Reads a stored or replicated counter body. Extra members (such as `"type"` in a body
    /// replicated from a create-by-name) are tolerated; `value` defaults to 0.
    public static func parse<Bytes: Collection<UInt8>>(storedBody: Bytes) -> CounterState? {
        guard let object = try? JSONParser.parse(storedBody).objectValue else { return nil }
        guard let value = optionalInteger(object["value"]) else { return nil }
        guard let minimum = optionalInteger(object["min"]), let maximum = optionalInteger(object["max"]) else {
            return nil
        }
        return CounterState(value: value ?? 0, minimum: minimum, maximum: maximum)
    }

    /// `nil` when the member has the wrong type; `.some(nil)` when absent or null.
    static func optionalInteger(_ value: JSONValue?) -> Int64?? {
        switch value {
        case nil, .null?: return .some(nil)
        case .number(let number)?:
            guard let integer = number.int64Value else { return nil }
            return .some(integer)
        default: return nil
        }
    }
}
