import LabCore

/// Where a client request goes: the pair's current PRIMARY by the status poller's latest
/// samples (so clients follow a failover within ~50 ms), or a random node of the pair.
/// While no PRIMARY is known (a failover in progress) a reachable node, preferring the
/// SECONDARY: it forwards writes while its leader lives and is the node that promotes, so
/// requests stop going to a dead node the moment it is seen dead. Without a poller
/// (benchmarks against a bare socket), or when nothing is known, the pair's first node.
public struct LeaderDirectory: Sendable {
    let nodesByPair: [Int: [String]]
    let poller: StatusPoller?

    public init(nodesByPair: [Int: [String]], poller: StatusPoller?) {
        self.nodesByPair = nodesByPair
        self.poller = poller
    }

    public init(topology: LabTopology, poller: StatusPoller?) {
        var nodesByPair: [Int: [String]] = [:]
        for node in topology.nodes { nodesByPair[node.pair, default: []].append(node.name) }
        self.init(nodesByPair: nodesByPair, poller: poller)
    }

    func node(pair: Int, target: WorkloadSpecification.Target, random: inout LinkRandomGenerator) -> String {
        let names = nodesByPair[pair] ?? []
        guard !names.isEmpty else { return "" }
        if target == .any { return names[Int(random.next() % UInt64(names.count))] }
        guard let poller else { return names[0] }
        return Self.leader(among: names, samples: poller.samples)
    }

    /// The pair's PRIMARY with the highest epoch among the reachable nodes; `nil` if none.
    func primary(pair: Int) -> String? {
        guard let poller else { return nil }
        return Self.primary(among: nodesByPair[pair] ?? [], samples: poller.samples)
    }

    static func primary(among names: [String], samples: [String: NodeStatusSample]) -> String? {
        names.compactMap { samples[$0] }.filter { $0.reachable && $0.role == "PRIMARY" }.max { $0.epoch < $1.epoch }?
            .node
    }

    /// The PRIMARY; else a reachable SECONDARY; else any reachable node; else the first.
    static func leader(among names: [String], samples: [String: NodeStatusSample]) -> String {
        if let primary = primary(among: names, samples: samples) { return primary }
        let reachable = names.compactMap { samples[$0] }.filter(\.reachable)
        return reachable.first { $0.role == "SECONDARY" }?.node ?? reachable.first?.node ?? names[0]
    }
}
