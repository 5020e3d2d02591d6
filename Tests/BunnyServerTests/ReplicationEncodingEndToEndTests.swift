import BunnyCore
import BunnyWire
import Foundation
import TestSupport
import Testing

/// The binary batch channel between two real daemons (`ReplicationBinaryBatchCodec`): used by
/// default, `--replication-encoding=json` keeps JSON Lines, and a bad record stops a batch
/// exactly as a bad line stops a JSON one.
@Suite("Replication encoding, real pair", .ownThreads)
struct ReplicationEncodingEndToEndTests {
    typealias Traffic = (binary: Double, json: Double)

    /// Pipelines updates to the primary and returns the batch requests the secondary answered
    /// on each channel, after checking that every update arrived.
    private static func replicate(on pair: DaemonPair) throws -> Traffic {
        try pair.requireSettled()
        let ids = try (0..<8).map { try pair.node1.create("start \($0)") }
        #expect(ReplicationBackPressureEndToEndTests.pipelineUpdates(to: pair.node1, ids: ids, rounds: 20) == 0)
        for id in ids { try pair.node2.requireSnapshot(id, equals: "round 20", within: .seconds(5)) }
        let metrics = try pair.node2.request("GET", "/metrics").bodyText
        #expect(pair.node1.status()?.leaderEpoch == 1, "a re-sync bumped the epoch")
        return (
            ReplicationBackPressureEndToEndTests.replicationRequests(metrics, endpoint: "internal-replicateBinary"),
            ReplicationBackPressureEndToEndTests.replicationRequests(metrics, endpoint: "internal-replicateBatch")
        )
    }

    @Test func batchesBetweenOurDaemonsAreBinary() throws {
        let traffic = try Self.replicate(on: try DaemonPair())
        #expect(traffic.binary > 0 && traffic.json == 0, "\(traffic)")
    }

    @Test func theJSONEncodingKeepsJSONLines() throws {
        let traffic = try Self.replicate(on: try DaemonPair(extraArguments: ["--replication-encoding=json"]))
        #expect(traffic.json > 0 && traffic.binary == 0, "\(traffic)")
    }

    /// Large stores fill a batch's 256 KiB before its 256 messages: the rest of what is queued
    /// waits for the next request, and every update still arrives, in order, without a re-sync.
    @Test(arguments: ["binary", "json"])
    func batchesOfLargeStoresAreCutBySize(encoding: String) throws {
        let pair = try DaemonPair(extraArguments: ["--replication-encoding=\(encoding)"])
        try pair.requireSettled()
        let ids = try (0..<16).map { try pair.node1.create("start \($0)") }
        let large = String(repeating: "x", count: 1_900)
        let failures = LockedCounter()
        let socketPath = pair.node1.daemon.socketPath
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            guard let connection = try? RawHTTPConnection(socketPath: socketPath, receiveTimeout: .seconds(10)) else {
                return failures.add(30)
            }
            var pipelined = ""
            for round in 1...30 {
                let body = round == 30 ? "last" : "\(round) \(large)"
                pipelined +=
                    "POST /api/v1/update/\(ids[index]) HTTP/1.1\r\nHost: localhost\r\nX-Customer-ID: acme\r\n"
                    + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
            }
            guard (try? connection.send(pipelined)) != nil else { return failures.add(30) }
            for _ in 1...30 where (try? connection.readResponse())?.status != 200 { failures.add() }
        }
        #expect(failures.value == 0)
        for id in ids { try pair.node2.requireSnapshot(id, equals: "last", within: .seconds(5)) }
        #expect(pair.node1.status()?.leaderEpoch == 1, "a re-sync bumped the epoch")
    }

    /// Records are applied in order up to the first that cannot be framed; the answer names
    /// how many were applied, and the record after the bad one is not.
    @Test func aBadRecordStopsTheBatchAfterTheRecordsBeforeIt() throws {
        let pair = try DaemonPair()
        try pair.requireSettled()
        let first = try pair.node1.create("first")
        let second = try pair.node1.create("second")
        try pair.node2.requireSnapshot(second, equals: "second")
        let now = WallTime(nanosecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1e9))
        func delete(_ id: String) -> ReplicationMessage {
            .store(
                StoreReplicationMessage(
                    kind: .deleteStore, storeID: id, shardID: "", customerID: "acme", leaderEpoch: 1, tombstone: true,
                    sourceHost: "node1", timestamp: now))
        }
        let unknownForm: [UInt8] = [1, 0, 0, 0, 9]
        let body =
            ReplicationBinaryBatchCodec.encode([delete(first)]) + unknownForm
            + ReplicationBinaryBatchCodec.encode([delete(second)]).dropFirst(ReplicationBinaryBatchCodec.headerBytes)
        let answer = try RawHTTPConnection(host: "127.0.0.1", port: pair.node2.port).request(
            "POST", ReplicationBinaryBatchCodec.path,
            headers: [
                ("X-Internal-Token", DaemonPair.token), ("Content-Type", ReplicationBinaryBatchCodec.contentType),
            ], body: body)
        #expect(answer.status == 400 && answer.bodyText.contains("invalid message"), "\(answer)")
        #expect(answer.header("Bigbunny-Replication-Applied") == "1", "\(answer)")
        try pair.node2.requireAbsent(first, within: .zero)
        try pair.node2.requireSnapshot(second, equals: "second", within: .zero)

        // Without the token the channel is refused like every internal path.
        let refused = try RawHTTPConnection(host: "127.0.0.1", port: pair.node2.port).request(
            "POST", ReplicationBinaryBatchCodec.path, body: ReplicationBinaryBatchCodec.encode([delete(second)]))
        #expect(refused.status == 401, "\(refused)")
        try pair.node2.requireSnapshot(second, equals: "second", within: .zero)
    }
}
