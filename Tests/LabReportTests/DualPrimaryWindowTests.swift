import LabCheckers
import Testing

@testable import LabReport

@Suite struct DualPrimaryWindowTests {
    @Test func twoPrimariesAtOnceAreMarked() {
        var status: [StatusObservation] = []
        for step in 0...100 {
            let time = Int64(step) * 50 * ReportFixture.millisecond
            status.append(StatusObservation(timeNanoseconds: time, node: "node1", role: "PRIMARY", epoch: 1))
            let promoted = time >= 3 * ReportFixture.second
            status.append(
                StatusObservation(
                    timeNanoseconds: time + 1_000, node: "node2", role: promoted ? "PRIMARY" : "SECONDARY",
                    epoch: promoted ? 2 : 1))
        }
        let recording = RunRecording(
            nodes: [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)], history: [],
            status: status)
        let windows = DualPrimaryWindow.windows(in: recording)
        #expect(windows.count == 1)
        #expect(windows.first?.start == 3 * ReportFixture.second + 1_000)
        #expect(windows.first?.end == 5 * ReportFixture.second)
        let html = RunReportPage.render(RunReportInput(folderName: "split", recording: recording))
        #expect(html.contains("node1 and node2 both PRIMARY (epochs 1 and 2): 3.000 s to 5.000 s"))
    }

    @Test func aCleanFailoverHasNoDualPrimary() {
        #expect(DualPrimaryWindow.windows(in: ReportFixture.recording()).isEmpty)
    }
}
