import ArgumentParser
import Foundation
import LabCheckers
import LabRuntime
import LabScenario

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-run every checker on a saved run folder and print the verdicts.",
        discussion:
            "Exit status: 0 when no checker finds a violation, 1 when one does, 2 when the folder cannot be read.")

    @Argument(help: "The run folder (default: runs/latest).") var folder: String = "runs/latest"

    func run() async throws {
        let path = URL(fileURLWithPath: (folder as NSString).resolvingSymlinksInPath).standardizedFileURL.path
        throw ExitCode(try CheckCommandOutput.checkAndPrint(folder: path))
    }
}

/// The verdicts of a run folder on standard output, and the exit status they mean.
enum CheckCommandOutput {
    static func checkAndPrint(folder: String) throws -> Int32 {
        let results: [CheckResult]
        let scenario: ScenarioRunner.Result?
        do {
            scenario = try ScenarioRunner.rejudge(folder: folder)
            results =
                try scenario?.checks ?? RunFolderCheck.check(folder: folder, checkers: RunFolderCheck.standardCheckers)
        } catch {
            print("Error: \(error)")
            return 2
        }
        print(CheckReport(results: results).renderText())
        print("verdicts: \(folder)/\(RunFolderCheck.verdictsFile)")
        if let report = try? RunReportWriter.writeReport(
            folder: folder, title: scenario?.scenario.title,
            description: scenario?.scenario.explanation.trimmingNewlines)
        {
            _ = try? RunReportWriter.writeIndex(parent: (folder as NSString).deletingLastPathComponent)
            print("report:   \(report)")
        }
        if let scenario {
            print("")
            print("scenario \(scenario.scenario.name): expectations")
            for outcome in scenario.expectations {
                print("  \(outcome.verdict.rawValue)  \(outcome.expectation.description) — \(outcome.detail)")
            }
            return scenario.verdict == .violation || results.contains { $0.verdict == .violation } ? 1 : 0
        }
        return results.contains { $0.verdict == .violation } ? 1 : 0
    }
}
