import Foundation
import LabCheckers
import Testing

@testable import LabRuntime

/// `history.jsonl` under concurrent clients: every operation once, and each client's
/// operations in the order it recorded them — chunks are written outside the clients' lock,
/// and must still land in order.
@Suite struct HistoryRecorderTests {
    @Test func concurrentClientsLoseNothingAndKeepTheirOrder() throws {
        let path = NSTemporaryDirectory() + "history-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = try HistoryRecorder(path: path)
        let clock = LabClock()
        let clients = 4
        let perClient = 6_000  // about 6 chunks of 256 KiB in all
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            for _ in 0..<perClient {
                let (identifier, invoked) = recorder.beginOperation(clock: clock)
                recorder.record(
                    HistoryOperation(
                        id: identifier, client: client, workload: "test", kind: .create, key: "key-\(client)",
                        node: "node1", invokeNanoseconds: invoked, completeNanoseconds: clock.now(), outcome: .ok,
                        data: String(repeating: "d", count: 120)))
            }
        }
        recorder.close()
        #expect(recorder.outcomeCounts[.ok] == clients * perClient)

        let text = try String(contentsOfFile: path, encoding: .utf8)
        let operations = try text.split(separator: "\n").map { try HistoryOperation.parse(line: Array($0.utf8)) }
        #expect(operations.count == clients * perClient)
        #expect(Set(operations.map(\.id)) == Set(1...(clients * perClient)))
        for client in 0..<clients {
            let identifiers = operations.filter { $0.client == client }.map(\.id)
            #expect(identifiers == identifiers.sorted(), "client \(client)'s operations are out of order")
        }
    }
}
