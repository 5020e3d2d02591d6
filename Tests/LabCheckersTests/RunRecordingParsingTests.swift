import LabCore
import Testing

@testable import LabCheckers

@Suite struct RunRecordingParsingTests {
    static let metadata = Array(
        #"{"pairs":1,"nodes":[{"name":"node1","pair":1},{"name":"node2","pair":1}],"links":[]}"#.utf8)

    @Test func historyLineRoundTrips() throws {
        let operation = HistoryOperation(
            id: 7, client: 2, workload: "cart", kind: .completeModify, key: "cart-1", store: "abc", node: "node1",
            invokeNanoseconds: 1_000, completeNanoseconds: 2_000, outcome: .unknown, status: 503,
            error: "LeaderChanged", retryable: true, attempt: 2, retryOf: 5, degraded: true, data: "[\"a\\\"\"]",
            item: "a\"", lock: "lock-1")
        let line = operation.jsonLine()
        #expect(line.hasSuffix("}\n"))
        let parsed = try HistoryOperation.parse(line: Array(line.utf8.dropLast()))
        #expect(parsed == operation)
    }

    @Test func folderFilesParse() throws {
        let history = HistoryOperation(
            id: 1, client: 0, workload: "counter", kind: .increment, key: "counter-0", store: "s", node: "node1",
            invokeNanoseconds: 10, completeNanoseconds: 20, outcome: .ok, delta: 1, counter: 1
        ).jsonLine()
        let status = """
            {"t_ns":5,"node":"node1","reachable":true,"role":"PRIMARY","leader_epoch":1,"store_count":0,"queue_length":0}
            {"t_ns":6,"node":"node2","reachable":false,"role":"","leader_epoch":0}

            """
        let faults =
            #"{"t_ns":9,"request":{"fault":"kill","target":"primary","pair":1},"targets":["node1"],"summary":"kill -9 node1"}"#
            + "\n"
        let journal =
            #"{"time_ns":3,"link":"node1-\u003enode2","sequence":1,"connection":1,"class":"heartbeat","method":"POST","path":"/internal/heartbeat","request_bytes":157,"leader_epoch":1,"fate":"deliver","status":200}"#
            + "\n" + #"{"time_ns":4,"link":"node1->node2","seq"#
        let recording = try RunRecording.parse(
            files: RunFiles(
                metadata: Self.metadata, history: Array(history.utf8), status: Array(status.utf8),
                faults: Array(faults.utf8), journal: Array(journal.utf8)))
        #expect(recording.nodes == [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)])
        #expect(recording.history.count == 1)
        #expect(recording.status.map(\.reachable) == [true, false])
        #expect(recording.faults.first?.request == FaultRequest(command: .kill(target: "primary")))
        #expect(recording.journal.count == 1)
        #expect(recording.journal.first?.link == "node1->node2")
    }

    @Test func malformedLineNamesFileAndLine() {
        let history = "{\"id\":1}\n{\"id\":2}\n"
        #expect(throws: RecordingError.self) {
            try RunRecording.parse(files: RunFiles(metadata: Self.metadata, history: Array(history.utf8)))
        }
        do {
            _ = try RunRecording.parse(files: RunFiles(metadata: Self.metadata, history: Array(history.utf8)))
        } catch {
            #expect(error.reason.hasPrefix("history.jsonl line 1:"))
        }
    }
}

@Suite struct GoDurationTextTests {
    @Test(arguments: [
        ("15.840794ms", Int64(15_840_794)), ("4.2s", 4_200_000_000), ("1m2.5s", 62_500_000_000), ("850µs", 850_000),
        ("0s", 0), ("0", 0), ("-1.5s", -1_500_000_000),
    ])
    func parses(text: String, nanoseconds: Int64) {
        #expect(GoDurationText.nanoseconds(text) == nanoseconds)
    }

    @Test(arguments: ["", "ms", "4.2", "1x", "s4", "2562047h47m16.854775807s", "99999999999999999999h"])
    func refuses(text: String) {
        #expect(GoDurationText.nanoseconds(text) == nil)
    }
}
