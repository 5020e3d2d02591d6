import BunnyCommandLine
import Foundation

// Thin entry point: everything, including dispatch, lives in BunnyCommandLine.
let exitCode = await CommandDispatcher.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: CommandLineIO.processEnvironment,
    io: .standard,
    runDaemon: { _ in
        // The lead wires BunnyServer's daemon here.
        CommandLineIO.standard.error("daemon not yet wired\n")
        return 1
    })
exit(exitCode)
