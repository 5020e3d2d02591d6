import BunnyClient

/// What a subcommand runs with: its parsed flags, its positional argument, the streams and a
/// client connected to `--uds`. Also the output conventions every subcommand shares.
struct SubcommandContext {
    let flags: ParsedFlags
    /// The positional argument, or "" for commands that take none.
    let argument: String
    let io: CommandLineIO
    let client: BunnyClient

    var customer: String { flags.string("customer") }

    /// A `--ttl` seconds flag as a header value: sent only when positive.
    func timeToLive(_ flag: String = "ttl") -> Int64? {
        let value = flags.integer(flag)
        return value > 0 ? value : nil
    }

    /// `--data`, or all of standard input when it is empty. Nil (after printing the error)
    /// when standard input cannot be read.
    func bodyFromDataOrInput() -> [UInt8]? {
        let data = flags.string("data")
        if !data.isEmpty { return Array(data.utf8) }
        do {
            return try io.readInput()
        } catch {
            io.error("error reading stdin: \(error)\n")
            return nil
        }
    }

    /// Prints the failure the generic way and returns exit code 1:
    /// `<operation> failed (<status>): <body>` plus `error code: <code>` for an error answer,
    /// `error: <detail>` for everything else.
    func failure(_ error: BunnyClientError, operation: String) -> Int32 {
        if case .errorAnswer(let answer) = error {
            io.error("\(operation) failed (\(answer.status)): \(answer.message)\n")
            if let code = answer.errorCode, !code.isEmpty {
                io.error("error code: \(code)\n")
            }
        } else {
            io.error("error: \(error)\n")
        }
        return 1
    }

    /// `warning: <value>` on stderr when the daemon sent `BigBunny-Warning`.
    func printWarning(_ warning: String?) {
        if let warning, !warning.isEmpty {
            io.error("warning: \(warning)\n")
        }
    }
}
