/// One flag: its name, type (given by the default value), and help text.
struct FlagDefinition {
    let name: String
    let defaultValue: FlagValue
    let usage: String

    /// The type word of the flag list (`string`, `int`, `duration`; none for booleans).
    var typeName: String? {
        switch defaultValue {
        case .string: return "string"
        case .boolean: return nil
        case .integer: return "int"
        case .duration: return "duration"
        }
    }

    /// The default as the flag list shows it; nil for zero values (Go leaves those out).
    var defaultText: String? {
        switch defaultValue {
        case .string(let value): return value.isEmpty ? nil : "\"\(value)\""
        case .boolean(let value): return value ? "true" : nil
        case .integer(let value): return value == 0 ? nil : String(value)
        case .duration(let value): return value == .zero ? nil : FlagValueSyntax.formatDuration(value)
        }
    }

    func parseValue(_ text: String) throws(FlagParseError) -> FlagValue {
        switch defaultValue {
        case .string:
            return .string(text)
        case .boolean:
            guard let value = FlagValueSyntax.parseBoolean(text) else {
                throw .invalid("invalid boolean value \"\(text)\" for -\(name): expected true or false")
            }
            return .boolean(value)
        case .integer:
            do {
                return .integer(try FlagValueSyntax.parseInteger(text))
            } catch .outOfRange {
                throw .invalid("invalid value \"\(text)\" for flag -\(name): out of the 64-bit integer range")
            } catch {
                throw .invalid(
                    "invalid value \"\(text)\" for flag -\(name): expected an integer (decimal, 0x hex or 0-prefixed octal)"
                )
            }
        case .duration:
            guard let value = FlagValueSyntax.parseDuration(text) else {
                throw .invalid(
                    "invalid value \"\(text)\" for flag -\(name): expected a duration such as 500ms, 30s, 2m or 1h30m")
            }
            return .duration(value)
        }
    }
}

/// A flag's value; the case fixes the flag's type.
enum FlagValue: Equatable {
    case string(String)
    case boolean(Bool)
    case integer(Int64)
    case duration(Duration)
}
