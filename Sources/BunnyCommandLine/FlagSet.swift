/// A set of flags parsed the way Go's `flag` package does, because operators' scripts were
/// written for the reference daemon (DECISIONS 33):
///
/// - `-name value`, `-name=value`, `--name value`, `--name=value`;
/// - booleans as `-name` or `-name=true|false` (never `-name false`);
/// - parsing stops at the first argument that is not a flag (or after `--`); the rest are
///   positional arguments;
/// - `-h` / `-help` ask for the flag list unless a flag of that name is defined.
///
/// swift-argument-parser does not fit these rules (`-name=false`, single-dash long names
/// everywhere, stop at the first positional, Go number and duration syntax, exit code 2),
/// so this small parser implements them exactly.
struct FlagSet {
    /// Shown in `Usage of <name>:`.
    let name: String
    private(set) var definitions: [String: FlagDefinition] = [:]

    init(name: String) {
        self.name = name
    }

    mutating func string(_ name: String, default defaultValue: String = "", usage: String) {
        define(FlagDefinition(name: name, defaultValue: .string(defaultValue), usage: usage))
    }

    mutating func boolean(_ name: String, default defaultValue: Bool = false, usage: String) {
        define(FlagDefinition(name: name, defaultValue: .boolean(defaultValue), usage: usage))
    }

    mutating func integer(_ name: String, default defaultValue: Int64 = 0, usage: String) {
        define(FlagDefinition(name: name, defaultValue: .integer(defaultValue), usage: usage))
    }

    mutating func duration(_ name: String, default defaultValue: Duration, usage: String) {
        define(FlagDefinition(name: name, defaultValue: .duration(defaultValue), usage: usage))
    }

    private mutating func define(_ definition: FlagDefinition) {
        precondition(definitions[definition.name] == nil, "flag -\(definition.name) defined twice")
        definitions[definition.name] = definition
    }

    func parse(_ arguments: [String]) throws(FlagParseError) -> ParsedFlags {
        var values: [String: FlagValue] = [:]
        for (name, definition) in definitions { values[name] = definition.defaultValue }
        var explicitlySet: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.count >= 2, argument.hasPrefix("-") else { break }
            index += 1
            var text = Substring(argument).dropFirst()
            if text.hasPrefix("-") {
                text = text.dropFirst()
                if text.isEmpty { break }  // "--" ends the flags
            }
            if text.isEmpty || text.hasPrefix("-") || text.hasPrefix("=") {
                throw .invalid("bad flag syntax: \(argument)")
            }
            var flagName = text
            var inlineValue: Substring?
            if let equals = text.firstIndex(of: "=") {
                flagName = text[..<equals]
                inlineValue = text[text.index(after: equals)...]
            }
            guard let definition = definitions[String(flagName)] else {
                if flagName == "help" || flagName == "h" { throw .helpRequested }
                throw .invalid("flag provided but not defined: -\(flagName)")
            }
            let value: FlagValue
            if case .boolean = definition.defaultValue {
                if let inlineValue {
                    guard let parsed = FlagValueSyntax.parseBoolean(String(inlineValue)) else {
                        throw .invalid(
                            "invalid boolean value \"\(inlineValue)\" for -\(flagName): expected true or false")
                    }
                    value = .boolean(parsed)
                } else {
                    value = .boolean(true)
                }
            } else {
                let valueText: String
                if let inlineValue {
                    valueText = String(inlineValue)
                } else {
                    guard index < arguments.count else { throw .invalid("flag needs an argument: -\(flagName)") }
                    valueText = arguments[index]
                    index += 1
                }
                value = try definition.parseValue(valueText)
            }
            values[definition.name] = value
            explicitlySet.insert(definition.name)
        }
        return ParsedFlags(values: values, explicitlySet: explicitlySet, positional: Array(arguments[index...]))
    }

    /// The flag list in the style of Go's `PrintDefaults`, sorted by name:
    ///
    ///       -burst-size int
    ///             token-bucket capacity per customer (default 200)
    var defaultsText: String {
        var text = ""
        for name in definitions.keys.sorted() {
            let definition = definitions[name]!
            var line = "  -\(name)"
            if let typeName = definition.typeName { line += " " + typeName }
            text += line + "\n    \t" + definition.usage
            if let defaultText = definition.defaultText { text += " (default \(defaultText))" }
            text += "\n"
        }
        return text
    }

    var usageText: String { "Usage of \(name):\n" + defaultsText }
}

/// Why flag parsing stopped.
enum FlagParseError: Error, Equatable {
    /// `-h` or `-help`: print the flag list and exit 0.
    case helpRequested
    /// A flag error (unknown flag, bad value, missing value): message, flag list, exit 2.
    case invalid(String)
}
