import LabCore

extension LabCluster {
    /// The end of a run: every network fault healed, paused nodes resumed, dead nodes
    /// restarted (each recorded as a fault, in that order), so the quiet period and the final
    /// reads see a whole cluster again.
    public func restoreAll() async -> [AppliedFault] {
        var applied = [heal()]
        for node in topology.nodes {
            guard let process = nodes[node.name] else { continue }
            let command: FaultCommand?
            switch process.state {
            case .paused: command = .resume(target: node.name)
            case .killed, .exited: command = .restart(target: node.name)
            case .running, .notStarted: command = nil
            }
            guard let command else { continue }
            if let fault = try? await apply(FaultRequest(command: command, pair: node.pair)) { applied.append(fault) }
        }
        return applied
    }

    /// The status poller, for clients that follow the leader.
    public func statusPoller() -> StatusPoller? { poller }

    /// Whether every pair shows one PRIMARY and one SECONDARY at one epoch with empty
    /// replication queues; otherwise what each unsettled node reports.
    public func settledState() -> (settled: Bool, detail: String) {
        let samples = self.samples
        var problems: [String] = []
        for pair in 1...options.pairs {
            let members = topology.nodes(inPair: pair).map { node in (node.name, samples[node.name]) }
            let reachable = members.compactMap { $0.1 }.filter(\.reachable)
            let roles = Set(reachable.map(\.role))
            let epochs = Set(reachable.map(\.epoch))
            let queues = reachable.map { $0.queueLength + $0.registryQueueLength }.reduce(0, +)
            if reachable.count == 2, roles == ["PRIMARY", "SECONDARY"], epochs.count == 1, queues == 0 { continue }
            problems.append(
                members.map { name, sample in
                    guard let sample, sample.reachable else { return "\(name) unreachable" }
                    return "\(name) \(sample.role)/\(sample.epoch) queue \(sample.queueLength)"
                }.joined(separator: ", "))
        }
        return (problems.isEmpty, problems.joined(separator: "; "))
    }
}
