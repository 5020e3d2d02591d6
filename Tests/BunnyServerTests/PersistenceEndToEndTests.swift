import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `--data-dir` with real `bbd` processes: a single node and a pair killed with SIGKILL and
/// restarted on the same directories, a torn log tail, compaction into snapshots, and bad
/// directories. Every wait polls real I/O and is bounded.
@Suite("Persistence with real daemons", .serialized, .ownThreads)
struct PersistenceEndToEndTests {
    /// A temporary folder for data directories, removed with the test.
    final class Scratch {
        let url: URL
        init() throws { url = try DaemonProcess.makeDirectory() }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static func single(dataDirectory: String, _ extra: [String] = []) throws -> DaemonProcess {
        try DaemonProcess(arguments: ["--dev", "--rate-limit=0", "--data-dir=\(dataDirectory)"] + extra)
    }

    static func create(_ body: String, on daemon: DaemonProcess, headers: [(String, String)] = []) throws -> String {
        let response = try daemon.connect().request(
            "POST", "/api/v1/create", headers: [("X-Customer-ID", "acme")] + headers, body: body)
        guard response.status == 200 else { throw PairFailure("create answered \(response)") }
        return response.bodyText
    }

    static func post(_ path: String, on daemon: DaemonProcess, body: String = "") throws -> RawHTTPConnection.Response {
        try daemon.connect().request("POST", path, headers: [("X-Customer-ID", "acme")], body: body)
    }

    static func dataFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0 != "LOCK" }.sorted()
    }

    // MARK: - One node

    /// Everything acknowledged before a SIGKILL is there after the restart: stores, updates,
    /// counters, names, deletions.
    @Test func aSingleNodeKilledKeepsEverythingItAcknowledged() throws {
        let scratch = try Scratch()
        let data = scratch.path("data")
        let daemon = try Self.single(dataDirectory: data, ["--fsync=always"])
        var bodies: [String: String] = [:]
        for index in 0..<40 { bodies[try Self.create("store \(index)", on: daemon)] = "store \(index)" }
        for (id, _) in bodies.prefix(10) {
            #expect(try Self.post("/api/v1/update/\(id)", on: daemon, body: "updated").status == 200)
            bodies[id] = "updated"
        }
        let deleted = Array(bodies.keys.sorted().prefix(3))
        for id in deleted {
            #expect(try Self.post("/api/v1/delete/\(id)", on: daemon).status == 200)
            bodies[id] = nil
        }
        let counter = try Self.create(
            #"{"type":"counter","value":0}"#, on: daemon, headers: [("Content-Type", "application/json")])
        #expect(try Self.post("/api/v1/increment/\(counter)", on: daemon, body: #"{"delta":7}"#).status == 200)
        let named = try Self.post("/api/v1/create-by-name/cart-1", on: daemon, body: "named")
        try #require(named.status == 200, "\(named)")

        daemon.kill()
        try daemon.restart()

        for (id, body) in bodies {
            let response = try Self.post("/api/v1/snapshot/\(id)", on: daemon)
            #expect(response.status == 200 && response.bodyText == body, "\(id): \(response)")
        }
        for id in deleted { #expect(try Self.post("/api/v1/snapshot/\(id)", on: daemon).status == 404) }
        let counterValue = try Self.post("/api/v1/snapshot/\(counter)", on: daemon)
        #expect(PairNode.counterValue(counterValue.bodyText) == 7, "\(counterValue)")
        let lookup = try Self.post("/api/v1/lookup-id-by-name/cart-1", on: daemon)
        #expect(lookup.bodyText == named.bodyText, "\(lookup)")
        #expect(daemon.log.contains("data directory replayed"))
        // A node without peers comes back as primary one epoch later: epochs never go back.
        let status = try daemon.connect().request("GET", "/status")
        #expect(status.bodyText.contains(#""leader_epoch":2"#), "\(status)")
        #expect(status.bodyText.contains(#""durable_standing":{"epoch":2,"role":"PRIMARY"}"#), "\(status)")
    }

    /// A log whose last record was torn by the crash is cut before it, with a message; the
    /// records before it are kept and the node starts.
    @Test func aTornLogTailIsCutWithAMessage() throws {
        let scratch = try Scratch()
        let data = scratch.path("data")
        let daemon = try Self.single(dataDirectory: data, ["--fsync=always"])
        let ids = try (0..<5).map { try Self.create("kept \($0)", on: daemon) }
        daemon.kill()
        let log = try #require(Self.dataFiles(data).first { $0.hasPrefix("log-") })
        let handle = try #require(FileHandle(forWritingAtPath: data + "/" + log))
        handle.seekToEndOfFile()
        // The start of a record claiming 200 payload bytes, of which only 5 arrived.
        handle.write(Data([200, 0, 0, 0, 1, 2, 3, 4, 2, 9, 9, 9, 9]))
        handle.closeFile()

        try daemon.restart()
        for (index, id) in ids.enumerated() {
            #expect(try Self.post("/api/v1/snapshot/\(id)", on: daemon).bodyText == "kept \(index)")
        }
        #expect(daemon.log.contains("cut at byte"), "\(daemon.log)")
        // New writes go on after the cut and survive the next kill too.
        let later = try Self.create("after the cut", on: daemon)
        daemon.kill()
        try daemon.restart()
        #expect(try Self.post("/api/v1/snapshot/\(later)", on: daemon).bodyText == "after the cut")
    }

    /// With a small snapshot threshold, the log is folded into snapshots as it grows: the
    /// directory holds one snapshot and one log, and a restart reads them back.
    @Test func snapshotsKeepTheDirectoryBounded() throws {
        let scratch = try Scratch()
        let data = scratch.path("data")
        let daemon = try Self.single(dataDirectory: data, ["--snapshot-log-bytes=4096", "--fsync=always"])
        let body = String(repeating: "x", count: 100)
        let first = try Self.create(body, on: daemon)
        for round in 0..<300 {
            #expect(try Self.post("/api/v1/update/\(first)", on: daemon, body: "\(body)\(round)").status == 200)
        }
        let others = try (0..<20).map { try Self.create("other \($0)", on: daemon) }
        // Snapshots are written off the request path: wait (bounded) until one has replaced the logs.
        let start = ContinuousClock.now
        while !Self.dataFiles(data).contains(where: { $0.hasPrefix("snapshot-") }) {
            try #require(ContinuousClock.now - start < .seconds(10), "no snapshot: \(Self.dataFiles(data))")
            Thread.sleep(forTimeInterval: 0.02)
        }
        daemon.kill()
        let files = Self.dataFiles(data)
        #expect(files.filter { $0.hasPrefix("snapshot-") }.count == 1, "\(files)")
        #expect(files.filter { $0.hasPrefix("log-") }.count == 1, "\(files)")
        try daemon.restart()
        #expect(try Self.post("/api/v1/snapshot/\(first)", on: daemon).bodyText == "\(body)299")
        for (index, id) in others.enumerated() {
            #expect(try Self.post("/api/v1/snapshot/\(id)", on: daemon).bodyText == "other \(index)")
        }
    }

    /// A path that is not a directory, a directory already in use, a damaged snapshot: each is
    /// a start-up error that names the problem, never a crash or a silent start.
    @Test func unusableDataDirectoriesAreClearErrors() throws {
        let scratch = try Scratch()
        let file = scratch.path("plain-file")
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        Self.expectStartFails(dataDirectory: file, mentioning: "not a directory")

        let shared = scratch.path("shared")
        let running = try Self.single(dataDirectory: shared)
        Self.expectStartFails(dataDirectory: shared, mentioning: "in use by another bbd process")
        running.kill()

        let damaged = scratch.path("damaged")
        try FileManager.default.createDirectory(atPath: damaged, withIntermediateDirectories: true)
        FileManager.default.createFile(
            atPath: damaged + "/snapshot-0000000000000002.bbs", contents: Data("BBDSTORE garbage".utf8))
        Self.expectStartFails(dataDirectory: damaged, mentioning: "is damaged")
    }

    static func expectStartFails(dataDirectory: String, mentioning text: String) {
        do {
            _ = try single(dataDirectory: dataDirectory)
            Issue.record("bbd started with --data-dir \(dataDirectory)")
        } catch DaemonProcess.Failure.exited(_, let log) {
            #expect(log.contains(text), "\(log)")
            #expect(!log.contains("Fatal error"), "\(log)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    // MARK: - A pair

    /// Both nodes of a pair killed at once. The former secondary, whose data may lag, comes
    /// back first and must wait; the former primary comes back and takes the role with a new
    /// epoch; everything it acknowledged is there, on both nodes.
    @Test func aPairKilledAtOnceComesBackWithTheNewestData() throws {
        let scratch = try Scratch()
        let port1 = try DaemonPair.freePort()
        let port2 = try DaemonPair.freePort(excluding: [port1])
        let node1 = try PairNode(
            hostID: "node1", port: port1, peerID: "node2", peerPort: port2,
            extraArguments: ["--data-dir=\(scratch.path("node1"))", "--fsync=always"])
        let node2 = try PairNode(
            hostID: "node2", port: port2, peerID: "node1", peerPort: port1,
            extraArguments: ["--data-dir=\(scratch.path("node2"))", "--fsync=always"])
        try node1.require("PRIMARY at epoch 1", within: .seconds(5)) { $0.role == "PRIMARY" && $0.leaderEpoch == 1 }
        try node2.require("SECONDARY", within: .seconds(5)) { $0.role == "SECONDARY" && $0.peers["node1"] != nil }

        let replicated = try (0..<20).map { try node1.create("both \($0)") }
        try node2.requireSnapshot(replicated.last!, equals: "both 19")
        // The secondary dies first: what follows is only on the primary's disk.
        node2.kill()
        let primaryOnly = try (0..<10).map { try node1.create("primary only \($0)") }
        node1.kill()

        try node2.restart()
        // Lease and grace (4 s) and more pass: with older data, node2 must not take over.
        let waited = ContinuousClock.now
        while ContinuousClock.now - waited < .seconds(5) {
            let status = try #require(node2.status())
            #expect(status.role == "JOINING", "node2 took a role with older data: \(status)")
            Thread.sleep(forTimeInterval: 0.1)
        }
        try node1.restart()
        try node1.require("PRIMARY at epoch 2", within: .seconds(5)) { $0.role == "PRIMARY" && $0.leaderEpoch == 2 }
        try node2.require("SECONDARY at epoch 2", within: .seconds(5)) { $0.role == "SECONDARY" && $0.leaderEpoch == 2 }
        for (index, id) in replicated.enumerated() { try node1.requireSnapshot(id, equals: "both \(index)") }
        for (index, id) in primaryOnly.enumerated() {
            try node1.requireSnapshot(id, equals: "primary only \(index)")
            try node2.requireSnapshot(id, equals: "primary only \(index)")
        }
        #expect(node1.log.contains("restored data (epoch 1 as PRIMARY) is the newest"), "\(node1.log)")
    }
}
