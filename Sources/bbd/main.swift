import BunnyCommandLine
import Foundation

// Thin entry point: dispatch, flags and the daemon launcher live in BunnyCommandLine.
let exitCode = await CommandDispatcher.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: CommandLineIO.processEnvironment,
    io: .standard,
    runDaemon: DaemonLauncher.run)
exit(exitCode)
