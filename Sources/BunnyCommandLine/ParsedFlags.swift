/// The outcome of `FlagSet.parse`: every defined flag's value (defaults included) and the
/// positional arguments after the flags. Reading a flag that was not defined with that type is a
/// programming error.
struct ParsedFlags {
    let values: [String: FlagValue]
    /// Flags given on the command line (even if given their default value).
    let explicitlySet: Set<String>
    let positional: [String]

    func string(_ name: String) -> String {
        guard case .string(let value)? = values[name] else { preconditionFailure("no string flag -\(name)") }
        return value
    }

    func boolean(_ name: String) -> Bool {
        guard case .boolean(let value)? = values[name] else { preconditionFailure("no boolean flag -\(name)") }
        return value
    }

    func integer(_ name: String) -> Int64 {
        guard case .integer(let value)? = values[name] else { preconditionFailure("no integer flag -\(name)") }
        return value
    }

    /// An integer flag that must fit `Int` (always true on 64-bit platforms).
    func int(_ name: String) -> Int {
        Int(truncatingIfNeeded: integer(name))
    }

    func duration(_ name: String) -> Duration {
        guard case .duration(let value)? = values[name] else { preconditionFailure("no duration flag -\(name)") }
        return value
    }
}
