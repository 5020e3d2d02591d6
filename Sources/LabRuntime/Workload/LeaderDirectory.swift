import LabCore

/// Where a client request goes: the pair's current PRIMARY by the status poller's latest
/// samples (so clients follow a failover within ~50 ms), or a random node of the pair.
/// While no PRIMARY is reachable (a failover in progress) requests keep going to the node
/// last seen as PRIMARY — never to the SECONDARY, which serves reads from a copy that may lag:
/// a read there is not the primary's view the `primary` target promises, and the
/// linearizability checker rightly flags it (an ASan run caught exactly that when this
/// fallback went to the SECONDARY). A dead primary fails fast. Without a poller (benchmarks
/// against a bare socket), or before any PRIMARY was seen, the pair's first node.
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
        let (samples, lastReachable) = poller.samplesWithLastReachable
        return Self.leader(among: names, samples: samples, lastReachable: lastReachable)
    }

    /// The PRIMARY with the highest epoch among the reachable nodes of `names`; `nil` if none.
    static func primary(among names: [String], samples: [String: NodeStatusSample]) -> String? {
        names.compactMap { samples[$0] }.filter { $0.reachable && $0.role == "PRIMARY" }.max { $0.epoch < $1.epoch }?
            .node
    }

    /// The reachable PRIMARY; else the node whose last reachable sample showed it PRIMARY (the
    /// highest epoch, then the latest); else the first node.
    static func leader(
        among names: [String], samples: [String: NodeStatusSample], lastReachable: [String: NodeStatusSample]
    ) -> String {
        if let primary = primary(among: names, samples: samples) { return primary }
        let lastPrimary = names.compactMap { lastReachable[$0] }.filter { $0.role == "PRIMARY" }
            .max { ($0.epoch, $0.timeNanoseconds) < ($1.epoch, $1.timeNanoseconds) }
        return lastPrimary?.node ?? names[0]
    }
}
