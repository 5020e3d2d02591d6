/// Who led each pair, at which epoch, when: the PRIMARY terms read off the status timeline.
/// Checkers share it so they agree on when a failover happened.
public struct LeadershipTimeline: Sendable {
    /// Sorted by start.
    public private(set) var terms: [LeadershipTerm]
    /// Each node's reachable samples, sorted by time.
    public private(set) var samplesByNode: [String: [StatusObservation]]

    public init(recording: RunRecording) {
        var samplesByNode: [String: [StatusObservation]] = [:]
        var previousByNode: [String: StatusObservation] = [:]
        var open: [String: LeadershipTerm] = [:]
        var terms: [LeadershipTerm] = []
        for sample in recording.status {
            defer { previousByNode[sample.node] = sample }
            if sample.reachable { samplesByNode[sample.node, default: []].append(sample) }
            if var term = open[sample.node] {
                if sample.isPrimary && sample.epoch == term.epoch {
                    term.lastSeenNanoseconds = sample.timeNanoseconds
                    open[sample.node] = term
                    continue
                }
                term.endLatestNanoseconds = sample.timeNanoseconds
                terms.append(term)
                open[sample.node] = nil
            }
            guard sample.isPrimary else { continue }
            let earliest = previousByNode[sample.node]?.timeNanoseconds ?? 0
            var start = sample.timeNanoseconds
            if let sinceLead = sample.lastLeaderSeenNanoseconds {
                start = min(sample.timeNanoseconds, max(earliest, sample.timeNanoseconds - sinceLead))
            }
            open[sample.node] = LeadershipTerm(
                pair: recording.pair(of: sample.node) ?? 0, epoch: sample.epoch, node: sample.node,
                startEarliestNanoseconds: earliest, startNanoseconds: start,
                firstSeenNanoseconds: sample.timeNanoseconds,
                lastSeenNanoseconds: sample.timeNanoseconds, endLatestNanoseconds: nil)
        }
        terms.append(contentsOf: open.values)
        self.terms = terms.sorted { ($0.startNanoseconds, $0.node) < ($1.startNanoseconds, $1.node) }
        self.samplesByNode = samplesByNode
    }

    public func terms(inPair pair: Int) -> [LeadershipTerm] { terms.filter { $0.pair == pair } }

    /// Terms that began with a promotion: every term of a pair after its first one.
    public func promotions(inPair pair: Int) -> [LeadershipTerm] { Array(terms(inPair: pair).dropFirst()) }

    /// The highest-epoch term of the pair that had started by `time` (its estimated start).
    public func leadingTerm(pair: Int, at time: Int64) -> LeadershipTerm? {
        terms.filter { $0.pair == pair && $0.startNanoseconds <= time }.max { $0.epoch < $1.epoch }
    }

    /// The node's most recent reachable sample at or before `time`.
    public func sample(of node: String, atOrBefore time: Int64) -> StatusObservation? {
        guard let samples = samplesByNode[node] else { return nil }
        var low = 0
        var high = samples.count
        while low < high {
            let middle = (low + high) / 2
            if samples[middle].timeNanoseconds <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : samples[low - 1]
    }

    /// The node's first reachable sample at or after `time`.
    public func sample(of node: String, atOrAfter time: Int64) -> StatusObservation? {
        guard let samples = samplesByNode[node] else { return nil }
        var low = 0
        var high = samples.count
        while low < high {
            let middle = (low + high) / 2
            if samples[middle].timeNanoseconds < time { low = middle + 1 } else { high = middle }
        }
        return low == samples.count ? nil : samples[low]
    }
}
