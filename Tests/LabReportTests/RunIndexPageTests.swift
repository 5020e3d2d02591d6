import LabCheckers
import Testing

@testable import LabReport

@Suite struct RunIndexPageTests {
    @Test func linksEachRunInOrderWithItsVerdict() throws {
        let html = RunIndexPage.render([
            RunIndexEntry(
                folderName: "run-2", title: "partition", worstVerdict: .violation,
                verdictSummary: RunIndexEntry.summary(of: ReportFixture.results), time: "2026-01-02 10:00:00 UTC"),
            RunIndexEntry(folderName: "run-1", title: "kill", worstVerdict: .ok, verdictSummary: "3 ok"),
            RunIndexEntry(folderName: "old run", verdictSummary: "not checked"),
        ])
        #expect(html.contains("href=\"run-2/report.html\""))
        #expect(html.contains("href=\"old%20run/report.html\""))
        #expect(html.contains("1 violation, 1 unknown, 1 ok"))
        #expect(html.contains("verdict-violation"))
        #expect(html.contains("not checked"))
        let second = try #require(HTMLChecks.offset(of: "run-2/report.html", in: html))
        let first = try #require(HTMLChecks.offset(of: "run-1/report.html", in: html))
        #expect(second < first)
        #expect(!html.contains("http"))
    }

    @Test func hostileFolderNamesCannotEscapeTheLink() {
        let html = RunIndexPage.render([
            RunIndexEntry(folderName: "\"><script>x</script>", title: "<img src=x>"),
            RunIndexEntry(folderName: ".."),
        ])
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("href=\"%22%3E%3Cscript%3Ex%3C%2Fscript%3E/report.html\""))
        #expect(html.contains("href=\"%2E%2E/report.html\""))
    }

    @Test func emptyIndexSaysSo() {
        #expect(RunIndexPage.render([]).contains("No run has a report yet"))
    }
}
