import ArgumentParser
import LabScenario

struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a scenario in plain language: what the failover model predicts, step by step.")

    @Argument(help: "A scenario file.") var file: String

    func run() async throws {
        do {
            let (scenario, _) = try ScenarioFiles.load(file)
            print(ScenarioExplanation.text(scenario))
        } catch {
            print("Error: \(error)")
            throw ExitCode(2)
        }
    }
}
