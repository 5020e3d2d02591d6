import Foundation
import TestSupport
import Testing

/// Replication back-pressure between two real daemons (`Replica.shouldHoldWrites`), and the
/// limit on requests in flight that makes batches fill up (`--replication-requests`).
@Suite("Replication back-pressure, real pair", .ownThreads)
struct ReplicationBackPressureEndToEndTests {
    /// With a tiny backlog limit, concurrent writers meet back-pressure: writes wait for the
    /// stream instead of overflowing it, every write succeeds, and no re-sync happens.
    @Test func writesWaitForAReplicationBacklog() throws {
        let pair = try DaemonPair(extraArguments: ["--replication-backlog-limit=4", "--replication-batch=1"])
        try pair.requireSettled()
        let ids = try (0..<16).map { try pair.node1.create("start \($0)") }
        // Each connection pipelines its writes, so every read burst queues many messages at
        // once while the stream keeps delivering: the backlog limit is passed for sure.
        #expect(Self.pipelineUpdates(to: pair.node1, ids: ids, rounds: 40) == 0)
        for id in ids { try pair.node2.requireSnapshot(id, equals: "round 40", within: .seconds(5)) }
        let metrics = try pair.node1.request("GET", "/metrics").bodyText
        let held = metrics.split(separator: "\n").first { $0.hasPrefix("bbd_replication_held_writes_total ") }
        let count = held.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        #expect(count > 0, "no write waited:\n\(metrics)")
        #expect(pair.node1.status()?.leaderEpoch == 1, "a re-sync bumped the epoch")
    }

    /// With one request in flight, what is written while it is out leaves together in the
    /// next: 640 pipelined updates from 16 connections reach the secondary, all of them, in
    /// far fewer requests than updates.
    @Test func oneRequestInFlightFillsTheBatches() throws {
        let pair = try DaemonPair(extraArguments: ["--replication-requests=1"])
        try pair.requireSettled()
        let ids = try (0..<16).map { try pair.node1.create("start \($0)") }
        let before = Self.replicationRequests(try pair.node2.request("GET", "/metrics").bodyText)
        #expect(Self.pipelineUpdates(to: pair.node1, ids: ids, rounds: 40) == 0)
        for id in ids { try pair.node2.requireSnapshot(id, equals: "round 40", within: .seconds(5)) }
        let requests = Self.replicationRequests(try pair.node2.request("GET", "/metrics").bodyText) - before
        #expect(requests > 0 && requests < 320, "\(requests) replication requests for 640 updates")
        #expect(pair.node1.status()?.leaderEpoch == 1, "a re-sync bumped the epoch")
    }

    /// One connection per store, each sending `rounds` updates ("round 1"…) pipelined in one
    /// write, then reading every answer. Returns how many were not `200` (or never came).
    static func pipelineUpdates(to node: PairNode, ids: [String], rounds: Int) -> Int {
        let failures = LockedCounter()
        let socketPath = node.daemon.socketPath
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            guard let connection = try? RawHTTPConnection(socketPath: socketPath, receiveTimeout: .seconds(10)) else {
                return failures.add(rounds)
            }
            var pipelined = ""
            for round in 1...rounds {
                let body = "round \(round)"
                pipelined +=
                    "POST /api/v1/update/\(ids[index]) HTTP/1.1\r\nHost: localhost\r\nX-Customer-ID: acme\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            }
            guard (try? connection.send(pipelined)) != nil else { return failures.add(rounds) }
            for _ in 1...rounds where (try? connection.readResponse())?.status != 200 { failures.add() }
        }
        return failures.value
    }

    /// Replication requests the node answered (its `/metrics`): those of endpoints whose
    /// metric name starts with `endpoint`, by default single and batched, of any status.
    static func replicationRequests(_ metrics: String, endpoint: String = "internal-replicate") -> Double {
        metrics.split(separator: "\n").filter {
            $0.hasPrefix("bbd_requests_total{") && $0.contains("endpoint=\"\(endpoint)")
        }.reduce(0) { $0 + (Double($1.split(separator: " ").last ?? "") ?? 0) }
    }
}
