import LabCheckers
import LabCore
import Testing

@testable import LabReport

@Suite struct RunReportPageTests {
    private func render(
        recording: RunRecording = ReportFixture.recording(), results: [CheckResult] = ReportFixture.results,
        parameters: [ReportParameter] = [ReportParameter("seed", "1")], limit: Int = 20_000
    ) -> String {
        RunReportPage.render(
            RunReportInput(
                folderName: "run-20260101T000000", title: "Kill the primary",
                description: "kill -9 at 2 s, failover expected", parameters: parameters, recording: recording,
                results: results, operationPointLimit: limit))
    }

    @Test func pageIsSelfContainedAndBalanced() {
        let html = render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(HTMLChecks.count("<svg", in: html) == 1)
        #expect(HTMLChecks.count("<svg", in: html) == HTMLChecks.count("</svg>", in: html))
        #expect(HTMLChecks.count("<text", in: html) == HTMLChecks.count("</text>", in: html))
        #expect(HTMLChecks.count("<title>", in: html) == HTMLChecks.count("</title>", in: html))
        #expect(HTMLChecks.count("<table", in: html) == HTMLChecks.count("</table>", in: html))
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
    }

    @Test func showsRoleBandsEpochsFaultsAndFailover() {
        let html = render()
        #expect(html.contains(">node1</text>"))
        #expect(html.contains(">node2</text>"))
        #expect(html.contains("PRIMARY · epoch 1"))
        #expect(html.contains("PRIMARY · epoch 2"))
        #expect(html.contains("SECONDARY · epoch 1"))
        #expect(html.contains("node1 unreachable: 2.000 s to 8.000 s"))
        #expect(html.contains(">kill -9 node1</text>"))
        #expect(html.contains("kill -9 node1: 2.000 s to 8.000 s"))
        #expect(html.contains("partition node1 &lt;-&gt; node2 (blackhole): 8.600 s to 9.400 s"))
        #expect(html.contains(">node2 PRIMARY, epoch 2</text>"))
        #expect(html.contains(">node1-&gt;node2</text>"))
        #expect(html.contains("heartbeat, peak"))
        #expect(html.contains(">counter</text>"))
        #expect(html.contains(">cart</text>"))
    }

    @Test func verdictRowsPutViolationsFirst() throws {
        let html = render()
        let violation = try #require(HTMLChecks.offset(of: "data-verdict=\"violation\"", in: html))
        let unknown = try #require(HTMLChecks.offset(of: "data-verdict=\"unknown\"", in: html))
        let ok = try #require(HTMLChecks.offset(of: "data-verdict=\"ok\"", in: html))
        #expect(violation < unknown && unknown < ok)
        #expect(html.contains("lost.unexplained = 2"))
        #expect(html.contains("searched-states = 100000"))
    }

    @Test func evidenceIsListedAndMarkedOnTheTimeline() throws {
        let html = render()
        #expect(html.contains("id=\"evidence-1\""))
        #expect(html.contains("operations #42, #77"))
        #expect(html.contains("span 1.500 s – 6.000 s"))
        #expect(html.contains("#42 counter-increment counter-1 on node1: ok"))
        #expect(html.contains("#77 counter-increment counter-4 on node1: unknown (timeout)"))
        #expect(HTMLChecks.count("— evidence E1", in: html) == 2)
        #expect(html.contains("— evidence E2"))
        #expect(html.contains("E1 lost-updates: increments #42 and #77"))
        // The violating item is listed before the explained one.
        let violating = try #require(HTMLChecks.offset(of: "lost-unexplained", in: html))
        let explained = try #require(HTMLChecks.offset(of: "lost-async-window</code>", in: html))
        #expect(violating < explained)
    }

    @Test func escapesHostileNamesAndParameters() {
        let hostile = "<script>alert(1)</script>"
        let html = render(
            recording: ReportFixture.recording(node1: hostile),
            results: [CheckResult(checker: hostile, verdict: .violation, summary: "\"quoted\" & <b>bold</b>")],
            parameters: [ReportParameter(hostile, hostile)])
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>bold"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"))
        #expect(HTMLChecks.count("<svg", in: html) == HTMLChecks.count("</svg>", in: html))
    }

    @Test func emptyRunRendersWithoutCharts() {
        let empty = RunRecording(nodes: [RecordedNode(name: "node1", pair: 1)], history: [])
        let html = RunReportPage.render(RunReportInput(folderName: "empty", recording: empty))
        #expect(html.contains("The history is empty"))
        #expect(html.contains("No checker results"))
        #expect(HTMLChecks.count("<svg", in: html) == 1)
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func historyWithoutStatusOrJournalStillDrawsOperations() {
        let recording = RunRecording(nodes: [], history: ReportFixture.history(count: 20, node: "node1"))
        let html = RunReportPage.render(RunReportInput(folderName: "bare", recording: recording))
        #expect(html.contains(">counter</text>"))
        #expect(!html.contains("roles and epochs"))
    }

    @Test func secondsCanCountFromTheFirstOperation() {
        let html = RunReportPage.render(
            RunReportInput(
                folderName: "run", recording: ReportFixture.recording(), timeOrigin: .firstOperation))
        // The kill at 2 s is 1.5 s after the first operation (0.5 s).
        #expect(html.contains("kill -9 node1: 1.500 s to 7.500 s"))
        #expect(html.contains("seconds since the first operation"))
    }

    @Test func embeddedTitleRoundTrips() {
        let html = RunReportPage.render(
            RunReportInput(folderName: "run", title: "A & B <c>", recording: ReportFixture.recording()))
        #expect(RunReportPage.embeddedTitle(in: html) == "A & B <c>")
        #expect(RunReportPage.embeddedTitle(in: render(results: [])) == "Kill the primary")
        #expect(
            RunReportPage.embeddedTitle(
                in: RunReportPage.render(RunReportInput(folderName: "x", recording: ReportFixture.recording())))
                == nil)
    }
}
