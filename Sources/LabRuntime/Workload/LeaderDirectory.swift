import LabCore

/// Where a client request goes: the pair's current PRIMARY by the status poller's latest
/// samples (so clients follow a failover within ~50 ms), or a random node of the pair.
struct LeaderDirectory: Sendable {
    let topology: LabTopology
    let poller: StatusPoller

    func node(pair: Int, target: WorkloadSpecification.Target, random: inout LinkRandomGenerator) -> String {
        let names = topology.nodes(inPair: pair).map(\.name)
        if target == .any { return names[Int(random.next() % UInt64(names.count))] }
        return primary(pair: pair) ?? names[0]
    }

    /// The pair's PRIMARY with the highest epoch among the reachable nodes; `nil` if none.
    func primary(pair: Int) -> String? {
        let samples = poller.samples
        return topology.nodes(inPair: pair).compactMap { samples[$0.name] }
            .filter { $0.reachable && $0.role == "PRIMARY" }
            .max { $0.epoch < $1.epoch }?.node
    }
}
