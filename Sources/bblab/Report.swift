import ArgumentParser
import Foundation
import LabReport
import LabRuntime

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild a run folder's report.html and the index.html of the folder above it.",
        discussion: """
            The report reads the run folder's recorded files, verdicts.json (run bblab check first to
            refresh it) and run.json. See docs/reports.md for how to read the page.
            """)

    @Argument(help: "The run folder (default: runs/latest).") var folder: String = "runs/latest"
    @Option(help: "A title for the page (default: the folder's name).") var title: String?
    @Option(help: "A line describing the run, shown under the title.") var description: String?
    @Flag(
        name: .customLong("from-first-operation"),
        help: "Count seconds from the first operation instead of the run's start.")
    var fromFirstOperation = false

    func run() async throws {
        let path = URL(fileURLWithPath: (folder as NSString).resolvingSymlinksInPath).standardizedFileURL.path
        do {
            let report = try RunReportWriter.writeReport(
                folder: path, title: title, description: description,
                timeOrigin: fromFirstOperation ? .firstOperation : .runStart)
            let index = try RunReportWriter.writeIndex(parent: (path as NSString).deletingLastPathComponent)
            print("report: \(report)")
            print("index: \(index)")
        } catch {
            throw LabCommandError("\(error)")
        }
    }
}
