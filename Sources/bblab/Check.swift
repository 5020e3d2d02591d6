import ArgumentParser
import Foundation
import LabCheckers
import LabRuntime

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
        do {
            results = try RunFolderCheck.check(folder: folder, checkers: StandardCheckers.all)
        } catch {
            print("Error: \(error)")
            return 2
        }
        print(CheckReport(results: results).text)
        print("verdicts: \(folder)/\(RunFolderCheck.verdictsFile)")
        return results.contains { $0.verdict == .violation } ? 1 : 0
    }
}
