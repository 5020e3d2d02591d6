import LabCheckers
import Testing

@testable import LabReport
@testable import LabRuntime

@Suite struct VerdictsDocumentTests {
    @Test func readsWhatRunFolderCheckWrites() throws {
        let text = "[" + ReportFixture.results.map { RunFolderCheck.json($0) }.joined(separator: ",") + "]\n"
        let parsed = try VerdictsDocument.parse(Array(text.utf8))
        #expect(parsed == ReportFixture.results)
    }

    @Test func namesTheProblemInABrokenFile() {
        #expect(throws: VerdictsDocument.Problem.self) { try VerdictsDocument.parse(Array("{".utf8)) }
        do {
            _ = try VerdictsDocument.parse(Array(#"[{"checker":"x","verdict":"maybe"}]"#.utf8))
            Issue.record("an unknown verdict was accepted")
        } catch {
            #expect(error.description.contains("item 1 (x)"))
        }
    }

    @Test func runParametersBecomeRows() {
        let json = #"{"seed":7,"workloads":["counter","cart:clients=2"],"faults":[],"duration_s":8.5}"#
        let rows = RunParametersDocument.parameters(Array(json.utf8))
        #expect(
            rows == [
                ReportParameter("seed", "7"), ReportParameter("workloads", "counter; cart:clients=2"),
                ReportParameter("faults", "–"), ReportParameter("duration_s", "8.5"),
            ])
    }
}
