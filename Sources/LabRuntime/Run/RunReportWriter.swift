import Foundation
import LabCheckers
import LabReport

/// Writes a run folder's `report.html` from its recorded files, `verdicts.json` and `run.json`,
/// and rewrites `index.html` in the folder above, listing every run there that has a report.
public enum RunReportWriter {
    public static let reportFile = "report.html"
    public static let indexFile = "index.html"

    /// Builds `FOLDER/report.html`; returns its path. The run need not have been checked: without
    /// `verdicts.json` the page says so.
    @discardableResult
    public static func writeReport(
        folder: String, title: String? = nil, description: String? = nil, timeOrigin: ReportTimeOrigin = .runStart
    ) throws -> String {
        let recording = try RunFolderCheck.recording(folder: folder)
        var notes: [String] = []
        var results: [CheckResult] = []
        if let bytes = FileManager.default.contents(atPath: folder + "/" + RunFolderCheck.verdictsFile) {
            do {
                results = try VerdictsDocument.parse(Array(bytes))
            } catch {
                notes.append("\(RunFolderCheck.verdictsFile) could not be read: \(error)")
            }
        } else {
            notes.append("No \(RunFolderCheck.verdictsFile): this run has not been checked (bblab check).")
        }
        // What `bblab run` asked for; for a lab started by `bblab up`, what lab.json says.
        var parameters: [ReportParameter] = []
        if let bytes = FileManager.default.contents(atPath: folder + "/" + WorkloadRun.parametersFile) {
            parameters = RunParametersDocument.parameters(Array(bytes))
        } else if let bytes = FileManager.default.contents(atPath: folder + "/" + RunFiles.metadataName) {
            parameters = RunParametersDocument.parameters(Array(bytes)).filter {
                ["seed", "pairs", "daemon"].contains($0.key)
            }
        }
        let input = RunReportInput(
            folderName: (folder as NSString).lastPathComponent, title: title, description: description,
            parameters: parameters, recording: recording, results: results, notes: notes, timeOrigin: timeOrigin)
        let path = folder + "/" + reportFile
        do {
            try Data(RunReportPage.render(input).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LabError.folder("cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// Rewrites `PARENT/index.html` from the subfolders (not symbolic links such as `latest`)
    /// that have a `report.html`, newest first; returns its path.
    @discardableResult
    public static func writeIndex(parent: String) throws -> String {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: parent)) ?? []
        var runs: [(entry: RunIndexEntry, date: Date)] = []
        for name in names {
            let folder = parent + "/" + name
            let attributes = try? manager.attributesOfItem(atPath: folder)
            guard attributes?[.type] as? FileAttributeType == .typeDirectory,
                manager.fileExists(atPath: folder + "/" + reportFile)
            else { continue }
            runs.append((entry(folder: folder, name: name), runDate(folder: folder)))
        }
        runs.sort { ($0.date, $0.entry.folderName) > ($1.date, $1.entry.folderName) }
        let path = parent + "/" + indexFile
        do {
            try Data(RunIndexPage.render(runs.map(\.entry)).utf8).write(
                to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LabError.folder("cannot write \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// The index row of one run: its scenario title (kept in the report) or what `run.json`
    /// asked for, and its verdicts.
    private static func entry(folder: String, name: String) -> RunIndexEntry {
        var title: String?
        if let html = try? String(contentsOfFile: folder + "/" + reportFile, encoding: .utf8) {
            title = RunReportPage.embeddedTitle(in: html)
        }
        if title == nil, let bytes = FileManager.default.contents(atPath: folder + "/" + WorkloadRun.parametersFile) {
            let parameters = RunParametersDocument.parameters(Array(bytes))
            let wanted = ["workloads", "faults"].compactMap { key in parameters.first { $0.key == key }?.value }
            title = wanted.filter { $0 != "–" }.joined(separator: " · ")
        }
        var entry = RunIndexEntry(folderName: name, title: title, time: format(runDate(folder: folder)))
        if let bytes = FileManager.default.contents(atPath: folder + "/" + RunFolderCheck.verdictsFile),
            let results = try? VerdictsDocument.parse(Array(bytes))
        {
            entry.worstVerdict = results.map(\.verdict).max()
            entry.verdictSummary = RunIndexEntry.summary(of: results)
        } else {
            entry.verdictSummary = "not checked"
        }
        return entry
    }

    /// When the run was made: the modification time of its `lab.json` (written at start-up),
    /// else of the folder.
    private static func runDate(folder: String) -> Date {
        let manager = FileManager.default
        let attributes =
            (try? manager.attributesOfItem(atPath: folder + "/" + RunFiles.metadataName))
            ?? (try? manager.attributesOfItem(atPath: folder))
        return attributes?[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
    }

    private static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
