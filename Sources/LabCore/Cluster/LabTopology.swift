/// Who listens where in a lab run, and who dials whom.
///
/// Each pair has two nodes and two proxies, one per direction of the peer link. A node's
/// `--peers` names the proxy that forwards to its peer, and it advertises (`--advertise-addr`)
/// the proxy *in front of itself*, so the peer's forwarded writes cross a proxy too:
///
///     node1 ──dials──▶ proxy node1->node2 ──▶ node2:tcp
///     node2 ──dials──▶ proxy node2->node1 ──▶ node1:tcp
///     node1 advertises proxy node2->node1; node2 advertises proxy node1->node2
public struct LabTopology: Equatable, Sendable {
    public struct Node: Equatable, Sendable {
        public var name: String
        public var pair: Int
        public var folder: String
        public var socketPath: String
        public var logPath: String
        public var tcpPort: Int
        public var peerName: String
    }

    public struct Link: Equatable, Sendable {
        /// `from->to`
        public var name: String
        public var from: String
        public var to: String
        public var listenPort: Int
        public var upstreamPort: Int
    }

    public var folder: String
    public var nodes: [Node]
    public var links: [Link]

    /// The longest Unix socket path the kernel accepts.
    public static let maximumSocketPathBytes = 107

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case socketPathTooLong(path: String)
        case invalidPairCount(Int)
        case notEnoughPorts(needed: Int, given: Int)

        public var description: String {
            switch self {
            case .socketPathTooLong(let path):
                return
                    "run folder too deep: the socket path \(path) has \(path.utf8.count) bytes, more than a Unix socket allows (\(LabTopology.maximumSocketPathBytes)); choose a shorter --dir"
            case .invalidPairCount(let count): return "--pairs must be between 1 and 16 (got \(count))"
            case .notEnoughPorts(let needed, let given): return "need \(needed) free ports, got \(given)"
            }
        }
    }

    /// Lays out `pairs` pairs under `folder`, with the nodes' TCP ports and the proxies'
    /// listening ports taken from `ports` (2 per node: its TCP port, then its outgoing proxy).
    public static func make(pairs: Int, folder: String, ports: [Int]) throws(Problem) -> LabTopology {
        guard (1...16).contains(pairs) else { throw .invalidPairCount(pairs) }
        guard ports.count >= pairs * 4 else { throw .notEnoughPorts(needed: pairs * 4, given: ports.count) }
        var nodes: [Node] = []
        var links: [Link] = []
        for pair in 1...pairs {
            let first = "node\(pair * 2 - 1)"
            let second = "node\(pair * 2)"
            let base = (pair - 1) * 4
            for (offset, (name, peer)) in [(first, second), (second, first)].enumerated() {
                let nodeFolder = folder + "/" + name
                let socket = nodeFolder + "/bbd.sock"
                guard socket.utf8.count <= maximumSocketPathBytes else { throw .socketPathTooLong(path: socket) }
                nodes.append(
                    Node(
                        name: name, pair: pair, folder: nodeFolder, socketPath: socket, logPath: nodeFolder + "/bbd.log",
                        tcpPort: ports[base + offset * 2], peerName: peer))
            }
            let firstNode = nodes[nodes.count - 2]
            let secondNode = nodes[nodes.count - 1]
            links.append(
                Link(
                    name: "\(first)->\(second)", from: first, to: second, listenPort: ports[base + 1],
                    upstreamPort: secondNode.tcpPort))
            links.append(
                Link(
                    name: "\(second)->\(first)", from: second, to: first, listenPort: ports[base + 3],
                    upstreamPort: firstNode.tcpPort))
        }
        return LabTopology(folder: folder, nodes: nodes, links: links)
    }

    public func node(named name: String) -> Node? { nodes.first { $0.name == name } }
    public func link(from: String, to: String) -> Link? { links.first { $0.from == from && $0.to == to } }
    public func nodes(inPair pair: Int) -> [Node] { nodes.filter { $0.pair == pair } }

    /// The daemon flags of one node (before any extra flags the user adds).
    public func arguments(for node: Node, internalToken: String) -> [String] {
        let outgoing = link(from: node.name, to: node.peerName)!
        let incoming = link(from: node.peerName, to: node.name)!
        return [
            "--dev", "--host-id=\(node.name)", "--uds=\(node.socketPath)", "--tcp=127.0.0.1:\(node.tcpPort)",
            "--peers=\(node.peerName)@127.0.0.1:\(outgoing.listenPort)",
            "--advertise-addr=127.0.0.1:\(incoming.listenPort)", "--internal-token=\(internalToken)", "--rate-limit=0",
        ]
    }
}
