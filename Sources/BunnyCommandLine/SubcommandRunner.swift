import BunnyClient

/// Runs a client subcommand: common flags, parsing, positional check, client lifetime.
enum SubcommandRunner {
    static let defaultSocketPath = "/tmp/bbd.sock"
    static let defaultCustomer = "test-customer"
    static let requestTimeout: Duration = .seconds(5)

    /// Every subcommand, in the order of the overview.
    static var all: [any ClientSubcommand.Type] {
        [
            StatusCommand.self, PromoteCommand.self, ReleaseLockCommand.self,
            CreateCommand.self, GetCommand.self, WatchCommand.self, DeleteCommand.self, DeleteNamedCommand.self, LookupCommand.self,
            BeginModifyCommand.self, CompleteModifyCommand.self, CancelModifyCommand.self,
            CounterCreateCommand.self, CounterGetCommand.self, CounterIncrementCommand.self,
            CounterDecrementCommand.self, CounterSetCommand.self,
        ]
    }

    static func subcommand(named name: String) -> (any ClientSubcommand.Type)? {
        all.first { $0.name == name }
    }

    static func flagSet(for command: any ClientSubcommand.Type) -> FlagSet {
        var flags = FlagSet(name: command.name)
        flags.string("uds", default: defaultSocketPath, usage: "Unix socket path of the daemon")
        if command.usesCustomer {
            flags.string("customer", default: defaultCustomer, usage: "customer ID, sent as X-Customer-ID")
        }
        command.defineFlags(&flags)
        return flags
    }

    static func run(_ command: any ClientSubcommand.Type, arguments: [String], io: CommandLineIO) async -> Int32 {
        let flagSet = flagSet(for: command)
        let usageLine = "usage: bbd \(command.synopsis)\n"
        let flags: ParsedFlags
        do {
            flags = try flagSet.parse(arguments)
        } catch {
            switch error {
            case .helpRequested:
                io.output(usageLine + "\n" + flagSet.defaultsText)
                return 0
            case .invalid(let message):
                io.error(message + "\n" + usageLine + flagSet.defaultsText)
                return 2
            }
        }
        let expectedCount = command.argumentName == nil ? 0 : 1
        guard flags.positional.count == expectedCount else {
            io.error(usageLine)
            return 1
        }
        let client = BunnyClient(
            unixSocketPath: flags.string("uds"), maximumConnections: 1, requestTimeout: requestTimeout)
        let context = SubcommandContext(
            flags: flags, argument: flags.positional.first ?? "", io: io, client: client)
        let status = await command.run(context)
        await client.shutdown()
        return status
    }
}
