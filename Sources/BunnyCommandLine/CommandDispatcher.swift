import BunnyServer

/// Starts the daemon with a finished configuration and returns the process exit code when it
/// stops (0 after a clean shutdown). `BunnyServer` provides the real one; `main.swift` passes
/// it in, tests pass a recorder. A thrown error is printed as `error: …` and exits 1.
public typealias DaemonRunner = @Sendable (DaemonConfiguration) async throws -> Int32

/// `bbd`'s entry point (`daemon-cli.md` §1): usage, a client subcommand, or the daemon.
public enum CommandDispatcher {
    /// Runs `bbd` with `arguments` (without the program name) and returns the exit code.
    ///
    /// - no arguments, `help`, `-h`, `--help`: the usage text on stdout, exit 0;
    /// - a subcommand word: that client subcommand;
    /// - a first argument starting with `-`: daemon mode;
    /// - any other word: `unknown command`, exit 2. (The reference starts the daemon here,
    ///   so a typo such as `bbd crete` would try to start a daemon; we refuse instead.)
    public static func run(
        arguments: [String], environment: [String: String], io: CommandLineIO, runDaemon: DaemonRunner
    ) async -> Int32 {
        guard let first = arguments.first else {
            io.output(usageText)
            return 0
        }
        switch first {
        case "help", "-h", "--help":
            io.output(usageText)
            return 0
        default:
            break
        }
        if let command = SubcommandRunner.subcommand(named: first) {
            return await SubcommandRunner.run(command, arguments: Array(arguments.dropFirst()), io: io)
        }
        if !first.hasPrefix("-") {
            io.error("unknown command \"\(first)\"\n\n" + usageText)
            return 2
        }
        return await runDaemonMode(arguments: arguments, environment: environment, io: io, runDaemon: runDaemon)
    }

    static func runDaemonMode(
        arguments: [String], environment: [String: String], io: CommandLineIO, runDaemon: DaemonRunner
    ) async -> Int32 {
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonFlags.parse(
                arguments: arguments, environment: environment, warning: { io.error($0 + "\n") })
        } catch {
            io.emit(error)
            return error.exitCode
        }
        do {
            return try await runDaemon(configuration)
        } catch {
            io.error("error: \(error)\n")
            return 1
        }
    }

    /// The overview printed by `bbd`, `bbd help`, `bbd -h` and `bbd --help`.
    public static var usageText: String {
        var text = """
            bbd - Big Bunny session store daemon and client

            Usage:
              bbd [daemon flags]                    start the daemon (bbd -help lists the flags)
              bbd <command> [options] [argument]    talk to a running daemon over its Unix socket

            Commands:

            """
        let width = SubcommandRunner.all.map { $0.synopsis.count }.max() ?? 0
        for command in SubcommandRunner.all {
            let padding = String(repeating: " ", count: width - command.synopsis.count + 2)
            text += "  bbd \(command.synopsis)\(padding)\(command.summary)\n"
        }
        text += """

            Options of every command: -uds PATH (default \(SubcommandRunner.defaultSocketPath)); store
            commands also take -customer ID (default \(SubcommandRunner.defaultCustomer)). Options go before
            the argument; "bbd <command> -h" lists a command's options.

            Flags may be written -name value, -name=value, --name value or --name=value;
            booleans as -name or -name=false.

            Environment (used only when the matching daemon flag is empty):
              \(DaemonFlags.storeKeysVariable)          --store-keys
              \(DaemonFlags.storeKeyCurrentVariable)   --store-key-current
              \(DaemonFlags.routingSecretVariable)      --routing-secret
              \(DaemonFlags.internalTokenVariable)      --internal-token

            Examples:
              bbd --dev --host-id=node1 --tcp=:8081 --uds=/tmp/bbd1.sock --peers=node2@127.0.0.1:8082
              ID=$(bbd create --data "hello")
              LOCK=$(bbd begin-modify "$ID")
              bbd complete-modify --lock "$LOCK" --data "new contents" "$ID"
              bbd counter-create --value 0 --with-max --max 100 --name rate:customer1

            """
        return text
    }
}
