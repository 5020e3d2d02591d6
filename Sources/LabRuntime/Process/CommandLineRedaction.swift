/// A command line as it may be written to a log: the values of the flags that carry secrets
/// (`--internal-token`, `--routing-secret`, `--store-keys`, in any of Go's spellings) replaced
/// by `<redacted>`, so a daemon's log never holds a secret the lab or a test passed to it.
enum CommandLineRedaction {
    static let secretFlags: Set<String> = ["internal-token", "routing-secret", "store-keys"]

    static func redacted(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var redactNext = false
        for argument in arguments {
            if redactNext {
                result.append("<redacted>")
                redactNext = false
                continue
            }
            let name = argument.drop { $0 == "-" }
            guard name.count < argument.count else {
                result.append(argument)
                continue
            }
            if let equals = name.firstIndex(of: "=") {
                let flag = String(name[..<equals])
                result.append(
                    secretFlags.contains(flag)
                        ? String(argument[..<argument.index(after: equals)]) + "<redacted>" : argument)
            } else {
                result.append(argument)
                redactNext = secretFlags.contains(String(name))
            }
        }
        return result
    }
}
