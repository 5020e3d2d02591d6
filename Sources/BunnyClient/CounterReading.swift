import BunnyCore

/// A counter as snapshot, increment and decrement report it.
public struct CounterReading: Sendable, Equatable {
    public var value: Int64
    public var version: UInt64?
    /// The last increment/decrement was clamped to a bound.
    public var bounded: Bool
    public var minimum: Int64?
    public var maximum: Int64?
    /// `BigBunny-Warning`, if any.
    public var warning: String?

    public init(
        value: Int64, version: UInt64? = nil, bounded: Bool = false, minimum: Int64? = nil, maximum: Int64? = nil,
        warning: String? = nil
    ) {
        self.value = value
        self.version = version
        self.bounded = bounded
        self.minimum = minimum
        self.maximum = maximum
        self.warning = warning
    }

    /// Reads `{"value":V,"version":N,"bounded":B,"min":A,"max":B}`; only `value` is required.
    public init(json bytes: some Collection<UInt8>, warning: String? = nil) throws(BunnyClientError) {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(bytes)
        } catch {
            throw .malformedResponse(detail: "counter answer is not JSON: \(error)")
        }
        guard let object = parsed.objectValue else {
            throw .malformedResponse(detail: "counter answer is not a JSON object")
        }
        guard case .number(let valueNumber)? = object["value"], let value = valueNumber.int64Value else {
            throw .malformedResponse(detail: "counter answer has no integer \"value\"")
        }
        func integer(_ name: String) -> Int64? {
            if case .number(let number)? = object[name] { return number.int64Value }
            return nil
        }
        var version: UInt64?
        if case .number(let number)? = object["version"] { version = number.uint64Value }
        var bounded = false
        if case .bool(let flag)? = object["bounded"] { bounded = flag }
        self.init(
            value: value, version: version, bounded: bounded, minimum: integer("min"), maximum: integer("max"),
            warning: warning)
    }
}
