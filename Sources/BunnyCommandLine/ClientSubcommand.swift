/// One client subcommand of `bbd` (`daemon-cli.md` §6). The shared runner
/// (`SubcommandRunner`) defines the common flags (`--uds`, and `--customer` when
/// `usesCustomer`), parses, checks the number of positional arguments, and opens the client.
protocol ClientSubcommand {
    /// The word after `bbd`.
    static var name: String { get }
    /// `get [options] <store-id>`: the usage line after `usage: bbd `.
    static var synopsis: String { get }
    /// One line for the overview.
    static var summary: String { get }
    /// The positional argument's name (`store-id`, `name`), or nil when the command takes none.
    static var argumentName: String? { get }
    static var usesCustomer: Bool { get }
    static func defineFlags(_ flags: inout FlagSet)
    static func run(_ context: SubcommandContext) async -> Int32
}

extension ClientSubcommand {
    static var usesCustomer: Bool { true }
    static func defineFlags(_ flags: inout FlagSet) {}
}
