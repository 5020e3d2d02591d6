import LabCheckers
import Testing

@testable import LabReport

@Suite struct OperationSampleTests {
    /// 30 000 operations, one in seven failed and one in eleven unknown.
    private func history(count: Int) -> [HistoryOperation] {
        (1...count).map { id in
            let outcome: OperationOutcome = id % 7 == 0 ? .fail : (id % 11 == 0 ? .unknown : .ok)
            let invoke = Int64(id) * 1_000_000
            return HistoryOperation(
                id: id, client: id % 16, workload: id % 2 == 0 ? "counter" : "register", kind: .increment,
                key: "k", node: "node1", invokeNanoseconds: invoke, completeNanoseconds: invoke + 3_000_000,
                outcome: outcome)
        }
    }

    @Test func keepsEveryFailureUnknownAndEvidenceOperation() {
        let operations = history(count: 30_000)
        let evidenceIDs: Set<Int> = [1, 2, 3, 29_999]
        let sample = OperationSample(history: operations, mustKeep: evidenceIDs, limit: 10_000)
        let kept = Set(sample.operations.map(\.id))
        let mandatory = operations.filter { $0.outcome != .ok || evidenceIDs.contains($0.id) }
        #expect(mandatory.allSatisfy { kept.contains($0.id) })
        #expect(sample.operations.count == 10_000)
        #expect(sample.omittedCount == 20_000)
        // The acknowledged ones kept are spread over the whole run, not the first ones only.
        let keptOK = sample.operations.filter { $0.outcome == .ok && !evidenceIDs.contains($0.id) }
        #expect((keptOK.last?.id ?? 0) > 29_000)
        #expect((keptOK.first?.id ?? .max) < 100)
    }

    @Test func smallHistoriesAreKeptWhole() {
        let operations = history(count: 500)
        let sample = OperationSample(history: operations, mustKeep: [], limit: 20_000)
        #expect(sample.operations == operations)
        #expect(sample.omittedCount == 0)
    }

    @Test func failuresAreKeptEvenBeyondTheLimit() {
        let operations = history(count: 3_000)
        let sample = OperationSample(history: operations, mustKeep: [], limit: 100)
        let failures = operations.filter { $0.outcome != .ok }.count
        #expect(sample.operations.count == failures)
        #expect(sample.operations.allSatisfy { $0.outcome != .ok })
    }

    @Test func aHundredThousandOperationPageStaysSmall() {
        let recording = RunRecording(
            nodes: [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)],
            history: history(count: 100_000), status: ReportFixture.status(node1: "node1"),
            journal: ReportFixture.journal(node1: "node1"))
        let html = RunReportPage.render(
            RunReportInput(folderName: "big", recording: recording, results: ReportFixture.results))
        #expect(html.utf8.count < 3_000_000)
        #expect(html.contains("acknowledged operations thinned out"))
    }
}
