import Foundation
import Testing

/// Replication back-pressure between two real daemons (`Replica.shouldHoldWrites`).
@Suite("Replication back-pressure, real pair")
struct ReplicationBackPressureEndToEndTests {
    /// With a tiny backlog limit, concurrent writers meet back-pressure: writes wait for the
    /// stream instead of overflowing it, every write succeeds, and no re-sync happens.
    @Test func writesWaitForAReplicationBacklog() throws {
        let pair = try DaemonPair(extraArguments: ["--replication-backlog-limit=4", "--replication-batch=1"])
        try pair.requireSettled()
        let ids = try (0..<16).map { try pair.node1.create("start \($0)") }
        let failures = LockedCounter()
        let socketPath = pair.node1.daemon.socketPath
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            guard let connection = try? RawHTTPConnection(socketPath: socketPath) else { return failures.add() }
            for round in 1...40 {
                let answer = try? connection.request(
                    "POST", "/api/v1/update/\(ids[index])", headers: [("X-Customer-ID", "acme")],
                    body: "round \(round)")
                if answer?.status != 200 { failures.add() }
            }
        }
        #expect(failures.value == 0)
        for id in ids { try pair.node2.requireSnapshot(id, equals: "round 40", within: .seconds(5)) }
        let metrics = try pair.node1.request("GET", "/metrics").bodyText
        let held = metrics.split(separator: "\n").first { $0.hasPrefix("bbd_replication_held_writes_total ") }
        let count = held.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        #expect(count > 0, "no write waited:\n\(metrics)")
        #expect(pair.node1.status()?.leaderEpoch == 1, "a re-sync bumped the epoch")
    }
}
