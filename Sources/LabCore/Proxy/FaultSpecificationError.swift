/// Why a fault specification was refused, naming the offending field as a path such as
/// `rules[0].drop_probability`.
public struct FaultSpecificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field, as a JSON path (`partition`, `rules[2].classes[0]`); empty for the document.
    public var field: String
    /// What is wrong with it, in words.
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.isEmpty ? "invalid fault specification: \(reason)" : "invalid fault specification: \(field): \(reason)"
    }

    /// Translates a decoder's error (wrong type, missing value, malformed document) into one
    /// that names the field the same way.
    public init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            self.init(field: Self.path(context.codingPath), reason: "expected \(Self.describe(type)), found null")
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath + [key]), reason: "missing")
        case .dataCorrupted(let context):
            self.init(field: Self.path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self.init(field: "", reason: "\(error)")
        }
    }

    /// A coding path as a JSON path: `rules[0].delay_ms`.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is Int64.Type, is UInt64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
