import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Two real `bbd` processes that form a pair over loopback TCP: `node1` (the smaller host ID,
/// started first and awaited as PRIMARY) and `node2`. Each node has its own temporary folder
/// and is killed (SIGKILL) and cleaned up when the pair goes away.
final class DaemonPair {
    static let token = "tok"

    let node1: PairNode
    let node2: PairNode

    /// `extraArguments` go to both daemons.
    init(extraArguments: [String] = []) throws {
        let port1 = try Self.freePort()
        let port2 = try Self.freePort(excluding: [port1])
        let start = ContinuousClock.now
        // Both start at once: each finds the other JOINING and the smaller host ID takes the
        // start-up primary role. (Started alone, node1 would wait out the lease first: a node
        // that finds no live peer starts alone only after 4 s, so that a lost probe cannot make
        // it an empty primary next to a peer holding the data.)
        node1 = try PairNode(
            hostID: "node1", port: port1, peerID: "node2", peerPort: port2, extraArguments: extraArguments)
        node2 = try PairNode(
            hostID: "node2", port: port2, peerID: "node1", peerPort: port1, extraArguments: extraArguments)
        // Normally node1 leads within a fraction of a second. When node2 answers too late for
        // node1's probe (a sanitized build on a loaded machine starts each daemon in seconds),
        // node1 leads alone after the 4 s lease instead, still at epoch 1, and node2 joins it:
        // the wait allows for that path, and for the slow start-ups around it.
        try node1.require("start-up PRIMARY at epoch 1", within: .seconds(12), since: start) {
            $0.role == "PRIMARY" && $0.leaderEpoch == 1
        }
    }

    /// Waits until node1 is PRIMARY and node2 SECONDARY, both at `epoch`, and node2 has
    /// accepted a heartbeat from node1 (so it knows where to forward writes; see
    /// `PairEndToEndTests.writeRightAfterJoinIsForwarded`).
    func requireSettled(epoch: Int = 1, within limit: Duration = .seconds(3)) throws {
        let start = ContinuousClock.now
        try node2.require("SECONDARY at epoch \(epoch) with node1's heartbeat", within: limit, since: start) {
            $0.role == "SECONDARY" && $0.leaderEpoch == epoch && $0.peers["node1"] != nil
        }
        try node1.require("PRIMARY at epoch \(epoch)", within: limit, since: start) {
            $0.role == "PRIMARY" && $0.leaderEpoch == epoch
        }
    }

    /// A TCP port on 127.0.0.1 that is free now, below the usual ephemeral range so that
    /// outgoing connections do not take it between a kill and a restart.
    static func freePort(excluding excluded: Set<Int> = []) throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 20_000..<26_000)  // the lab tests take 26000-31999
            guard !excluded.contains(port) else { continue }
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if bound == 0 { return port }
        }
        throw PairFailure("no free TCP port found")
    }
}

struct PairFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The parts of `GET /status` the pair tests look at.
struct NodeStatus: Decodable, CustomStringConvertible {
    var role: String
    var leaderEpoch: Int
    var storeCount: Int
    var queueLength: Int
    var lastLeaderSeen: String
    /// Host ID → time since its last heartbeat (a secondary) or acknowledgement (a primary).
    var peers: [String: String]

    enum CodingKeys: String, CodingKey {
        case role
        case leaderEpoch = "leader_epoch"
        case storeCount = "store_count"
        case queueLength = "queue_length"
        case lastLeaderSeen = "last_leader_seen"
        case peers
    }

    var description: String {
        "\(role) epoch \(leaderEpoch), \(storeCount) stores, queue \(queueLength), leader seen \(lastLeaderSeen) ago"
    }

    /// `last_leader_seen` in seconds (Go duration syntax: `4.1s`, `1m2.5s`, `812ms`, `3µs`).
    var lastLeaderSeenSeconds: Double? { Self.seconds(fromGoDuration: lastLeaderSeen) }

    static func seconds(fromGoDuration text: String) -> Double? {
        if text == "0s" { return 0 }
        let units: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("\u{B5}s", 1e-6), ("ms", 1e-3), ("h", 3600), ("m", 60), ("s", 1),
        ]
        var rest = Substring(text)
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            total += value * unit.1
            rest = rest.dropFirst(unit.0.count)
        }
        return total
    }
}

/// One node of a pair: a `bbd` with `--host-id`, a Unix socket, a loopback TCP port and the
/// other node as its peer. Restartable with the same flags.
final class PairNode {
    let hostID: String
    let port: Int
    let daemon: DaemonProcess

    init(hostID: String, port: Int, peerID: String, peerPort: Int, extraArguments: [String] = []) throws {
        self.hostID = hostID
        self.port = port
        let directory = try DaemonProcess.makeDirectory()
        let socketPath = directory.appendingPathComponent("\(hostID).sock").path
        daemon = try DaemonProcess(
            exactArguments: [
                "--dev", "--host-id=\(hostID)", "--uds=\(socketPath)", "--tcp=127.0.0.1:\(port)",
                "--peers=\(peerID)@127.0.0.1:\(peerPort)", "--rate-limit=0", "--internal-token=\(DaemonPair.token)",
            ] + extraArguments,
            socketPath: socketPath, directory: directory)
        try requireTCPListener()
    }

    /// The daemon only logs a TCP bind failure; make it a test failure.
    /// (The TCP listener is bound just after the Unix socket, so poll briefly.)
    private func requireTCPListener() throws {
        let start = ContinuousClock.now
        while (try? tcpRequest("GET", "/status").status) != 200 {
            if ContinuousClock.now - start > .seconds(3) || !daemon.isRunning {
                throw PairFailure("\(hostID): no TCP listener on port \(port)\n\(daemon.log)")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    func restart() throws {
        try daemon.restart()
        try requireTCPListener()
    }

    /// SIGKILL; returns the instant the signal was sent.
    @discardableResult
    func kill() -> ContinuousClock.Instant {
        let instant = ContinuousClock.now
        daemon.kill()
        return instant
    }

    var log: String { daemon.log }

    // MARK: Requests (a new connection each, so that kills and restarts never leave one stale)

    func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String = ""
    ) throws -> RawHTTPConnection.Response {
        try daemon.connect().request(method, path, headers: headers, body: body)
    }

    func post(
        _ path: String, customer: String? = "acme", headers: [(String, String)] = [], body: String = ""
    ) throws -> RawHTTPConnection.Response {
        var all = headers
        if let customer { all.append(("X-Customer-ID", customer)) }
        return try request("POST", path, headers: all, body: body)
    }

    /// A request to this node's TCP listener.
    func tcpRequest(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: String = ""
    ) throws -> RawHTTPConnection.Response {
        try RawHTTPConnection(host: "127.0.0.1", port: port).request(method, path, headers: headers, body: body)
    }

    /// `POST /api/v1/create`; requires `200` and returns the store ID.
    func create(_ body: String, headers: [(String, String)] = []) throws -> String {
        let response = try post("/api/v1/create", headers: headers, body: body)
        guard response.status == 200 else { throw PairFailure("\(hostID): create answered \(response)") }
        return response.bodyText
    }

    func snapshot(_ id: String) throws -> RawHTTPConnection.Response { try post("/api/v1/snapshot/\(id)") }

    /// `/status` over the Unix socket; nil while the node is down or answers something else.
    func status() -> NodeStatus? {
        guard let connection = try? daemon.connect(receiveTimeout: .seconds(2)),
            let response = try? connection.request("GET", "/status"), response.status == 200
        else { return nil }
        return try? JSONDecoder().decode(NodeStatus.self, from: Data(response.body))
    }

    // MARK: Bounded waits

    /// Polls `/status` every `interval` until `condition` holds; nil when `limit` (counted
    /// from `start`) has passed.
    func waitForStatus(
        within limit: Duration, since start: ContinuousClock.Instant = .now,
        every interval: Duration = .milliseconds(20),
        _ condition: (NodeStatus) -> Bool
    ) -> NodeStatus? {
        while true {
            if let status = status(), condition(status) { return status }
            if ContinuousClock.now - start > limit { return nil }
            Thread.sleep(forTimeInterval: interval.seconds)
        }
    }

    @discardableResult
    func require(
        _ what: String, within limit: Duration, since start: ContinuousClock.Instant = .now,
        _ condition: (NodeStatus) -> Bool
    ) throws -> NodeStatus {
        if let status = waitForStatus(within: limit, since: start, condition) { return status }
        throw PairFailure(
            "\(hostID) not \(what) within \(limit); last status: \(status().map(\.description) ?? "unreachable")\n--- \(hostID) log ---\n\(log)"
        )
    }

    /// Polls `snapshot` until it answers `200` with `body` (or with a body for which
    /// `matches` holds); throws after `limit`.
    func requireSnapshot(
        _ id: String, within limit: Duration = .seconds(2), matches: (String) -> Bool
    ) throws {
        let start = ContinuousClock.now
        var last: RawHTTPConnection.Response?
        while true {
            if let response = try? snapshot(id) {
                if response.status == 200, matches(response.bodyText) { return }
                last = response
            }
            if ContinuousClock.now - start > limit {
                throw PairFailure(
                    "\(hostID): snapshot of \(id) not as expected within \(limit); last: \(last.map(\.description) ?? "none")"
                )
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func requireSnapshot(_ id: String, equals body: String, within limit: Duration = .seconds(2)) throws {
        try requireSnapshot(id, within: limit) { $0 == body }
    }

    /// Polls `lookup-id-by-name` until it answers `200` with `id`; throws after `limit`.
    func requireLookup(_ name: String, equals id: String, within limit: Duration = .seconds(2)) throws {
        let start = ContinuousClock.now
        var last: RawHTTPConnection.Response?
        while true {
            if let response = try? post("/api/v1/lookup-id-by-name/\(name)") {
                if response.status == 200, response.bodyText == id { return }
                last = response
            }
            if ContinuousClock.now - start > limit {
                throw PairFailure(
                    "\(hostID): lookup of \(name) not \(id) within \(limit); last: \(last.map(\.description) ?? "none")"
                )
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Polls `snapshot` until it answers `404 NotFound`; throws after `limit`.
    func requireAbsent(_ id: String, within limit: Duration = .seconds(2)) throws {
        let start = ContinuousClock.now
        var last: RawHTTPConnection.Response?
        while true {
            if let response = try? snapshot(id) {
                if response.status == 404, response.errorCode == "NotFound" { return }
                last = response
            }
            if ContinuousClock.now - start > limit {
                throw PairFailure(
                    "\(hostID): \(id) still there after \(limit); last: \(last.map(\.description) ?? "none")")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// The counter value in a snapshot body (`{"value":V,"version":N}`).
    static func counterValue(_ body: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
            return nil
        }
        return (object["value"] as? NSNumber)?.intValue
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
