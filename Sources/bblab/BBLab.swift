import ArgumentParser
import Foundation

@main
struct BBLab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bblab",
        abstract: "The Big Bunny chaos lab: real bbd pairs behind message-aware fault proxies.",
        subcommands: [
            Up.self, Status.self, Fault.self, Heal.self, Down.self, Run.self, Check.self, Explain.self, Report.self,
            Bench.self, RunnerBenchmark.self,
        ])

    /// ArgumentParser's own `main`, except that `bblab bench` exits with code 2 (not 64) on a
    /// bad flag, as its documentation says.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exitForBench(error, arguments: arguments)
            exit(withError: error)
        }
    }

    /// Synchronous, so no typed catch lands in the async `main` (a known compiler crash).
    private static func exitForBench(_ error: Error, arguments: [String]) {
        if let usage = error as? BenchUsageError {
            FileHandle.standardError.write(Data("Error: \(usage.message)\nSee 'bblab bench --help'.\n".utf8))
            Foundation.exit(2)
        }
        if arguments.first == "bench", exitCode(for: error) == .validationFailure {
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
