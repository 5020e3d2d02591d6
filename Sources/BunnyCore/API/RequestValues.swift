/// Parsing and validation of the header and path values the public API reads. Each returns
/// a value or the exact error the contract names; none of them trap on any input.
public enum RequestValues {
    /// `X-Customer-ID`: 1–64 of `[A-Za-z0-9_-]` (DECISIONS 8).
    public static func isValidCustomerID(_ customerID: String) -> Bool {
        let bytes = customerID.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// A store name, trimmed, then 1–64 of `[A-Za-z0-9_.:-]` (DECISIONS 9).
    public static func validatedName(_ raw: String) -> Result<String, APIError> {
        let name = trimmed(raw)
        if name.isEmpty { return .failure(.missingName) }
        let bytes = name.utf8
        guard bytes.count <= 64,
            bytes.allSatisfy({
                isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":")
                    || $0 == UInt8(ascii: "-")
            })
        else { return .failure(.invalidName) }
        return .success(name)
    }

    /// `BigBunny-Not-Valid-After`: absent → `nil`; otherwise a positive whole number of seconds
    /// (an optional `+` allowed). Zero, negative or non-integer values are refused
    /// (DECISIONS 16) instead of creating an already-expired store.
    public static func timeToLive(_ raw: String?) -> Result<Duration?, APIError> {
        guard let raw else { return .success(nil) }
        var text = Substring(trimmed(raw))
        if text.hasPrefix("+") { text = text.dropFirst() }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return .failure(.invalidTTL)
        }
        // Beyond Int64 the value is clamped rather than refused: it is "practically never".
        let seconds = Int64(text) ?? Int64.max
        guard seconds > 0 else { return .failure(.invalidTTL) }
        return .success(.seconds(seconds))
    }

    /// `BigBunny-Reuse-If-Exists`: `1`, `true`, `yes`, `y`, `on` (trimmed, any case).
    public static func isTruthy(_ raw: String?) -> Bool {
        guard let raw else { return false }
        switch trimmed(raw).lowercased() {
        case "1", "true", "yes", "y", "on": return true
        default: return false
        }
    }

    /// Whether create-by-name may read a counter definition: the media type is
    /// `application/json` (parameters such as `charset` allowed, any case) or no `Content-Type`
    /// was sent. A plain create ignores `Content-Type`, as the reference does (DECISIONS 15).
    public static func allowsCounterDefinition(contentType: String?) -> Bool {
        guard let contentType else { return true }
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return trimmed(String(mediaType)).lowercased() == "application/json"
    }

    /// What a create body defines.
    public enum CreateBody: Equatable, Sendable {
        case blob
        case counter(CounterState)
    }

    /// Type detection for create and create-by-name (DECISIONS 15): a JSON object whose `type`
    /// is `"counter"` defines a counter (missing `value` = 0); a counter definition with
    /// members of the wrong type is a 400 rather than silently a blob. Anything else is a blob.
    public static func createBody(_ body: [UInt8], countersAllowed: Bool) -> Result<CreateBody, APIError> {
        guard countersAllowed, body.first(where: { !isWhitespace($0) }) == UInt8(ascii: "{") else {
            return .success(.blob)
        }
        guard let object = try? JSONParser.parse(body).objectValue, object["type"]?.stringValue == "counter" else {
            return .success(.blob)
        }
        guard let value = CounterState.optionalInteger(object["value"]),
            let minimum = CounterState.optionalInteger(object["min"]),
            let maximum = CounterState.optionalInteger(object["max"])
        else { return .failure(.invalidCounterDefinition) }
        return .success(.counter(CounterState(value: value ?? 0, minimum: minimum, maximum: maximum)))
    }

    /// `{"delta": int64}` for increment and decrement; a missing `delta` is 0; an empty body
    /// or any decode error is `invalid JSON request`.
    public static func delta(_ body: [UInt8]) -> Result<Int64, APIError> {
        guard let object = try? JSONParser.parse(body).objectValue,
            let delta = CounterState.optionalInteger(object["delta"])
        else { return .failure(.invalidJSONRequest) }
        return .success(delta ?? 0)
    }

    /// `{"value": int64}` for a counter update; a missing `value` is 0.
    public static func counterValue(_ body: [UInt8]) -> Result<Int64, APIError> {
        guard let object = try? JSONParser.parse(body).objectValue,
            let value = CounterState.optionalInteger(object["value"])
        else { return .failure(.invalidCounterUpdate) }
        return .success(value ?? 0)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
