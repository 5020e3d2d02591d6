/// A parsed JSON document, as small as the daemon needs: request bodies of the public API
/// (`{"delta":5}`, counter definitions) and the internal peer messages.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// A JSON number kept as its source text, so integers of either sign and width can be read
/// exactly and non-integers can be told apart (`1.5` or `1e3` is not an integer field value).
public struct JSONNumber: Equatable, Sendable {
    public let text: String

    public init(text: String) {
        self.text = text
    }

    public init(_ value: Int64) {
        self.text = String(value)
    }

    public var int64Value: Int64? { isPlainInteger ? Int64(text) : nil }
    public var uint64Value: UInt64? { isPlainInteger ? UInt64(text) : nil }

    private var isPlainInteger: Bool {
        !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
    }
}

/// The members of a JSON object in source order.
///
/// Member lookup follows the reference decoder: names match case-insensitively (ASCII), an
/// exact match is preferred, and when a name repeats the last occurrence wins.
public struct JSONObject: Equatable, Sendable {
    public var members: [(name: String, value: JSONValue)]

    public init(members: [(name: String, value: JSONValue)] = []) {
        self.members = members
    }

    public subscript(name: String) -> JSONValue? {
        var caseInsensitiveMatch: JSONValue?
        var exactMatch: JSONValue?
        for member in members {
            if member.name == name {
                exactMatch = member.value
            } else if member.name.asciiCaseInsensitiveEquals(name) {
                caseInsensitiveMatch = member.value
            }
        }
        return exactMatch ?? caseInsensitiveMatch
    }

    public static func == (left: JSONObject, right: JSONObject) -> Bool {
        left.members.count == right.members.count
            && zip(left.members, right.members).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

extension String {
    func asciiCaseInsensitiveEquals(_ other: String) -> Bool {
        let left = utf8
        let right = other.utf8
        guard left.count == right.count else { return false }
        for (a, b) in zip(left, right) where a != b {
            let foldedA = (a >= 0x41 && a <= 0x5A) ? a | 0x20 : a
            let foldedB = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if foldedA != foldedB { return false }
        }
        return true
    }
}
