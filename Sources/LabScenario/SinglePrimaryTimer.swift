import LabCheckers

/// How long after an instant until every pair shows exactly one reachable PRIMARY, by the
/// status timeline (each node's latest sample at each moment).
struct SinglePrimaryTimer {
    let recording: RunRecording

    func secondsUntilSinglePrimary(after start: Int64) -> Double? {
        var latest: [String: StatusObservation] = [:]
        for sample in recording.status {
            latest[sample.node] = sample
            guard sample.timeNanoseconds >= start else { continue }
            let settled = recording.pairs.allSatisfy { pair in
                let members = recording.nodes(inPair: pair)
                let primaries = members.filter { latest[$0]?.isPrimary == true }
                return primaries.count == 1
            }
            if settled { return Double(sample.timeNanoseconds - start) / 1e9 }
        }
        return nil
    }
}
