import Foundation
import LabCheckers
import LabReport
import Testing

@testable import LabRuntime

@Suite struct RunReportWriterTests {
    /// Writes the fixture as a run folder under a fresh temporary parent.
    private func makeRunFolder(parent: String, name: String, checked: Bool) throws -> String {
        let folder = parent + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let recording = ReportFixture.recording()
        func write(_ file: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
        }
        try write(
            "lab.json", #"{"pairs":1,"nodes":[{"name":"node1","pair":1},{"name":"node2","pair":1}],"links":[]}"#)
        try write("history.jsonl", recording.history.map { $0.jsonLine() }.joined())
        try write("journal.jsonl", recording.journal.map { $0.jsonLine() }.joined())
        try write(
            "status.jsonl",
            recording.status.map {
                #"{"t_ns":\#($0.timeNanoseconds),"node":"\#($0.node)","reachable":\#($0.reachable),"#
                    + #""role":"\#($0.role)","leader_epoch":\#($0.epoch)}"# + "\n"
            }.joined())
        try write(
            "faults.jsonl",
            #"{"t_ns":2000000000,"request":{"fault":"kill","target":"primary","pair":1},"targets":["node1"],"summary":"kill -9 node1"}"#
                + "\n")
        try write("run.json", #"{"seed":3,"workloads":["counter"],"faults":["2: kill primary"]}"# + "\n")
        if checked {
            try write(
                "verdicts.json",
                "[" + ReportFixture.results.map { RunFolderCheck.json($0) }.joined(separator: ",") + "]")
        }
        return folder
    }

    @Test func writesTheReportAndAnIndexOfEveryReportedRun() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let checked = try makeRunFolder(parent: parent, name: "run-checked", checked: true)
        let unchecked = try makeRunFolder(parent: parent, name: "run-unchecked", checked: false)
        _ = try makeRunFolder(parent: parent, name: "run-without-report", checked: true)
        try FileManager.default.createSymbolicLink(atPath: parent + "/latest", withDestinationPath: "run-checked")

        let report = try RunReportWriter.writeReport(folder: checked, title: "Kill <the> primary")
        #expect(report == checked + "/report.html")
        try RunReportWriter.writeReport(folder: unchecked)
        let index = try RunReportWriter.writeIndex(parent: parent)

        let page = try String(contentsOfFile: report, encoding: .utf8)
        #expect(page.contains("Kill &lt;the&gt; primary"))
        #expect(page.contains("data-verdict=\"violation\""))
        #expect(page.contains(">kill -9 node1</text>"))
        #expect(page.contains("2: kill primary"))
        #expect(page.contains(">node2 PRIMARY, epoch 2</text>"))
        let uncheckedPage = try String(contentsOfFile: unchecked + "/report.html", encoding: .utf8)
        #expect(uncheckedPage.contains("this run has not been checked"))

        let indexPage = try String(contentsOfFile: index, encoding: .utf8)
        #expect(index == parent + "/index.html")
        #expect(indexPage.contains("href=\"run-checked/report.html\""))
        #expect(indexPage.contains("href=\"run-unchecked/report.html\""))
        #expect(!indexPage.contains("run-without-report"))
        #expect(!indexPage.contains("latest/report.html"))
        #expect(indexPage.contains("Kill &lt;the&gt; primary"))
        #expect(indexPage.contains("1 violation, 1 unknown, 1 ok"))
        #expect(indexPage.contains("counter · 2: kill primary"))
    }

    @Test func aFolderThatIsNotARunIsAnError() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        #expect(throws: LabError.self) { try RunReportWriter.writeReport(folder: parent) }
        #expect(!FileManager.default.fileExists(atPath: parent + "/report.html"))
    }
}
