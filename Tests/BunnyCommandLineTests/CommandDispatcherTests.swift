import BunnyCommandLine
import BunnyServer
import Testing

@Suite("Dispatch on the first argument")
struct CommandDispatcherTests {
    @Test(arguments: [[], ["help"], ["-h"], ["--help"], ["help", "extra"]])
    func usageOnStandardOutput(arguments: [String]) async {
        let result = await bbd(arguments)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == CommandDispatcher.usageText)
        #expect(result.standardError == "")
        #expect(result.daemonConfiguration == nil)
    }

    @Test func usageListsEverySubcommand() {
        for name in [
            "status", "promote", "release-lock", "create", "get", "delete", "delete-named", "lookup",
            "begin-modify", "complete-modify", "cancel-modify", "counter-create", "counter-get",
            "counter-increment", "counter-decrement", "counter-set",
        ] {
            #expect(CommandDispatcher.usageText.contains("bbd \(name) "), "\(name)")
        }
    }

    @Test(arguments: ["crete", "stauts", "daemon", "create-named"])
    func unknownWordsAreRejected(word: String) async {
        let result = await bbd([word, "-dev"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("unknown command \"\(word)\"\n"))
        #expect(result.standardError.contains("Commands:"))
        #expect(result.standardOutput == "")
        #expect(result.daemonConfiguration == nil)
    }

    @Test func flagsStartTheDaemon() async {
        let result = await bbd(["--dev", "--host-id=node1", "--tcp=:8081", "--uds=/tmp/bbd1.sock"])
        #expect(result.exitCode == 0)
        #expect(result.daemonConfiguration?.replica.hostID == "node1")
        #expect(result.daemonConfiguration?.unixSocketPath == "/tmp/bbd1.sock")
        #expect(result.daemonConfiguration?.replica.advertisedAddress == "127.0.0.1:8081")
    }

    @Test func environmentReachesTheDaemonFlags() async {
        let result = await bbd(
            ["-host-id", "n"],
            environment: [
                "SERIALD_STORE_KEYS": "dev", "SERIALD_ROUTING_SECRET": "x", "HOME": "/root",
            ])
        #expect(result.exitCode == 0)
        #expect(result.daemonConfiguration?.routingSecret == "x")
    }

    @Test func productionGuardExitsOneWithoutStartingTheDaemon() async {
        let result = await bbd(["-host-id", "n"])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError
                == "production mode requires --store-keys or SERIALD_STORE_KEYS (use --dev for dev mode)\n")
        #expect(result.daemonConfiguration == nil)
    }

    @Test func daemonFlagErrorExitsTwo() async {
        let result = await bbd(["-dev", "-burst-size", "many"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("invalid value \"many\" for flag -burst-size"))
        #expect(result.standardError.contains("Usage of bbd:"))
    }

    @Test func daemonHelpExitsZero() async {
        let result = await bbd(["-help"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == DaemonFlags.usageText)
    }

    @Test func peerWarningsGoToStandardError() async {
        let result = await bbd(["-dev", "-peers", "@x"])
        #expect(result.exitCode == 0)
        #expect(result.standardError == "warning: malformed peer \"@x\" (empty id or address), skipping\n")
    }

    @Test func runnerExitCodeAndErrorsArePassedOn() async {
        struct StartFailure: Error, CustomStringConvertible {
            var description: String { "failed to listen on /tmp/x.sock: Permission denied" }
        }
        let captured = CapturedIO()
        let thrown = await CommandDispatcher.run(
            arguments: ["-dev"], environment: [:], io: captured.io, runDaemon: { _ in throw StartFailure() })
        #expect(thrown == 1)
        #expect(captured.standardError == "error: failed to listen on /tmp/x.sock: Permission denied\n")

        let returned = await CommandDispatcher.run(
            arguments: ["-dev"], environment: [:], io: CapturedIO().io, runDaemon: { _ in 7 })
        #expect(returned == 7)
    }
}
