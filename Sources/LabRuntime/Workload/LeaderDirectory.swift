import LabCore

/// Where a client request goes: the pair's current PRIMARY by the status poller's latest
/// samples (so clients follow a failover within ~50 ms), or a random node of the pair.
/// Without a poller (benchmarks against a bare socket) the pair's first node.
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
        return primary(pair: pair) ?? names[0]
    }

    /// The pair's PRIMARY with the highest epoch among the reachable nodes; `nil` if none.
    func primary(pair: Int) -> String? {
        guard let poller else { return nil }
        let samples = poller.samples
        return (nodesByPair[pair] ?? []).compactMap { samples[$0] }
            .filter { $0.reachable && $0.role == "PRIMARY" }
            .max { $0.epoch < $1.epoch }?.node
    }
}
