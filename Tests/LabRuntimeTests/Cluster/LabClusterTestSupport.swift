import Foundation
import LabCore
import LabRuntime
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers for the lab's integration tests with real `bbd` pairs.
enum LabTest {
    /// The `bbd` built next to the tests (or `BBD_BINARY`).
    static let daemon = ProcessTestSupport.daemonPath

    /// A fresh, short run folder under /tmp (Unix socket paths must stay within 107 bytes).
    static func makeFolder() -> String {
        var template = Array("/tmp/blc-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed: \(String(cString: strerror(errno)))")
        return String(cString: created!)
    }

    /// Removes a run folder, unless `LAB_TESTS_KEEP` is set (to look at journals afterwards).
    static func removeFolder(_ folder: String) {
        if ProcessInfo.processInfo.environment["LAB_TESTS_KEEP"] != nil {
            print("lab tests: kept \(folder)")
            return
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    static func options(folder: String, pairs: Int = 1) throws -> LabOptions {
        var options = LabOptions(folder: folder, daemonPath: try #require(daemon, "bbd is not built next to the tests"))
        options.pairs = pairs
        options.capturePackets = false
        // Other tests open descriptors and start processes in this process meanwhile.
        options.auditsOwnProcess = false
        return options
    }

    /// Starts a lab, runs `body`, and always shuts the lab down (and removes its folder).
    static func withLab<Result>(
        pairs: Int = 1, _ body: (LabCluster, String) async throws -> Result
    ) async throws -> Result {
        let folder = makeFolder()
        let cluster = try await LabCluster.start(try options(folder: folder, pairs: pairs))
        let result: Result
        do {
            result = try await body(cluster, folder)
        } catch {
            await cluster.shutdown()
            print("lab tests: failed run kept in \(folder)")
            throw error
        }
        await cluster.shutdown()
        removeFolder(folder)
        return result
    }

    /// The outcome of a bounded wait on the lab's samples.
    struct Wait: CustomStringConvertible {
        /// Whether the condition held before the deadline.
        var met: Bool
        /// The samples that satisfied it, or the last ones seen.
        var samples: [String: NodeStatusSample]
        var description: String { (met ? "" : "not met; last: ") + LabTest.describe(samples) }
        subscript(node: String) -> NodeStatusSample? { samples[node] }
    }

    /// Polls the lab's latest `/status` samples every 20 ms until `condition` holds or
    /// `timeout` passes.
    static func waitFor(
        _ cluster: LabCluster, timeout: Duration, _ condition: ([String: NodeStatusSample]) -> Bool
    ) async -> Wait {
        let deadline = ContinuousClock.now + timeout
        while true {
            let samples = await cluster.samples
            if condition(samples) { return Wait(met: true, samples: samples) }
            if ContinuousClock.now >= deadline { return Wait(met: false, samples: samples) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits (up to `timeout`) for `primary` PRIMARY and `secondary` SECONDARY at `epoch`.
    static func waitSettled(
        _ cluster: LabCluster, primary: String, secondary: String, epoch: UInt64, timeout: Duration = .seconds(5)
    ) async -> Wait {
        await waitFor(cluster, timeout: timeout) { settled($0, primary: primary, secondary: secondary, epoch: epoch) }
    }

    /// Whether the samples show `primary` as the one reachable PRIMARY and `secondary` as
    /// SECONDARY, both at `epoch`.
    static func settled(
        _ samples: [String: NodeStatusSample], primary: String, secondary: String, epoch: UInt64
    ) -> Bool {
        guard let first = samples[primary], let second = samples[secondary] else { return false }
        return first.reachable && second.reachable && first.role == "PRIMARY" && second.role == "SECONDARY"
            && first.epoch == epoch && second.epoch == epoch
    }

    static func describe(_ samples: [String: NodeStatusSample]) -> String {
        if samples.isEmpty { return "no samples" }
        return samples.keys.sorted().map { name in
            let sample = samples[name]!
            return sample.reachable
                ? "\(name) \(sample.role) e\(sample.epoch) stores=\(sample.storeCount) queue=\(sample.queueLength)"
                : "\(name) unreachable"
        }.joined(separator: "; ")
    }

    /// Every entry of the run's `journal.jsonl`.
    static func journal(_ folder: String) -> [ProxyJournalEntry] {
        let text = (try? String(contentsOfFile: folder + "/" + LabCluster.Files.journal, encoding: .utf8)) ?? ""
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap {
            try? decoder.decode(ProxyJournalEntry.self, from: Data($0.utf8))
        }
    }

    /// Polls the run's journal every 20 ms until `condition` holds on its entries (at most
    /// `timeout`); returns whether it did.
    static func waitForJournal(
        _ folder: String, timeout: Duration, _ condition: ([ProxyJournalEntry]) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if condition(journal(folder)) { return true }
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Whether `pid` is gone (`kill(pid, 0)` fails with ESRCH).
    static func processIsGone(_ pid: Int32) -> Bool {
        kill(pid, 0) == -1 && errno == ESRCH
    }

    /// Whether a TCP connection to 127.0.0.1:`port` is refused.
    static func portRefusesConnections(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == -1 && errno == ECONNREFUSED
    }

    /// PIDs of live processes whose command line mentions `text` (e.g. a run folder).
    static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
            else { return nil }
            let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            guard commandLine.contains(text), ProcessStat.read(pid: pid).map({ $0.state != "Z" }) ?? false else {
                return nil
            }
            return pid
        }
    }

    /// The lab clock's nanoseconds as seconds, for messages.
    static func seconds(_ nanoseconds: Int64) -> String { String(format: "%.2f s", Double(nanoseconds) / 1e9) }
}

/// The daemon's public API on a node's Unix socket, as one customer (`X-Customer-ID`).
final class PublicAPI: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let http: UnixSocketHTTP
    let customer: String

    init(socketPath: String, customer: String = "labtests") {
        http = UnixSocketHTTP(socketPath: socketPath, timeoutMilliseconds: 6_000)
        self.customer = customer
    }

    convenience init(_ cluster: LabCluster, node: String, customer: String = "labtests") {
        self.init(socketPath: cluster.topology.node(named: node)!.socketPath, customer: customer)
    }

    /// One request; answers that ask to retry (`409 LockStateUnknown` right after a promotion,
    /// `503` while a join runs, both with `Retry-After`) are retried every 50 ms for up to 3 s.
    func post(_ path: String, _ body: String = "") throws -> UnixSocketHTTP.Response {
        let deadline = ContinuousClock.now + .seconds(3)
        while true {
            let response = try http.request(
                "POST", path, body: Array(body.utf8), headers: [("X-Customer-ID", customer)])
            let retryable =
                response.status == 503 || (response.status == 409 && response.bodyText.contains("lock state unknown"))
            if !retryable || ContinuousClock.now >= deadline { return response }
            usleep(50_000)
        }
    }

    /// Creates a blob store and returns its ID.
    func create(_ content: String) throws -> String {
        let response = try post("/api/v1/create", content)
        guard response.status == 200 else {
            throw Failure(description: "create answered \(response.status): \(response.bodyText)")
        }
        return response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Replaces a blob's content; throws unless the answer is 200.
    func update(_ id: String, _ content: String) throws {
        let response = try post("/api/v1/update/\(id)", content)
        guard response.status == 200 else {
            throw Failure(description: "update answered \(response.status): \(response.bodyText)")
        }
    }

    func delete(_ id: String) throws {
        let response = try post("/api/v1/delete/\(id)")
        guard response.status == 200 else {
            throw Failure(description: "delete answered \(response.status): \(response.bodyText)")
        }
    }

    /// The store's content (nil for 404/410), read on this node.
    func read(_ id: String) throws -> String? {
        let response = try post("/api/v1/snapshot/\(id)")
        if response.status == 404 || response.status == 410 { return nil }
        guard response.status == 200 else {
            throw Failure(description: "snapshot answered \(response.status): \(response.bodyText)")
        }
        return response.bodyText
    }
}
