import ArgumentParser
import LabScenario

struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a scenario in plain language: what the failover model predicts, step by step.")

    @Argument(help: "A scenario file.") var file: String
    @Option(help: "The seed that draws a chaos plan (default: the file's seed, else 1).") var seed: UInt64?
    @Option(help: "Override the file's duration (as bblab run --duration), e.g. 3m.") var duration: String?

    func run() async throws {
        do {
            var (scenario, _) = try ScenarioFiles.load(file)
            if let duration {
                guard let seconds = ScenarioDuration.seconds(duration), seconds > 0 else {
                    throw ScenarioProblem("--duration must be a duration, e.g. 90s or 3m")
                }
                scenario.durationSeconds = seconds
                try scenario.validateChaos(file: file)
            }
            print(ScenarioExplanation.text(scenario, seed: seed))
        } catch {
            print("Error: \(error)")
            throw ExitCode(2)
        }
    }
}
