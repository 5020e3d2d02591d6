import ArgumentParser

@main
struct BBLab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bblab",
        abstract: "The Big Bunny chaos lab: real bbd pairs behind message-aware fault proxies.",
        subcommands: [
            Up.self, Status.self, Fault.self, Heal.self, Down.self, Run.self, Check.self, Explain.self, Report.self,
            RunnerBenchmark.self,
        ])
}
