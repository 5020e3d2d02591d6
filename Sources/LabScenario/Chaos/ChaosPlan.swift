import LabCore

/// The faults a `chaos:` section drew for one run, in order of start, and the scenario steps
/// that apply and heal them.
public struct ChaosPlan: Sendable, Equatable {
    public var seed: UInt64
    public var faults: [ChaosFault]

    public init(seed: UInt64, faults: [ChaosFault]) {
        self.seed = seed
        self.faults = faults
    }

    /// Each fault at its start and its heal at its heal time, sorted by time (a fault before
    /// its own heal), as `at:` steps with a narration line.
    public var steps: [ScenarioStep] {
        var timed: [(seconds: Double, order: Int, step: ScenarioStep)] = []
        for fault in faults {
            let heal = fault.healSeconds.map { " for \(ScenarioText.seconds($0 - fault.startSeconds))" } ?? ""
            timed.append(
                (
                    fault.startSeconds, timed.count,
                    Self.step(
                        at: fault.startSeconds, words: fault.faultText,
                        say: "chaos \(fault.number): \(fault.kind.rawValue) in pair \(fault.pair)\(heal)")
                ))
            if let healSeconds = fault.healSeconds, let healText = fault.healText {
                timed.append(
                    (
                        healSeconds, timed.count,
                        Self.step(at: healSeconds, words: healText, say: "chaos \(fault.number) healed")
                    ))
            }
        }
        return timed.sorted { ($0.seconds, $0.order) < ($1.seconds, $1.order) }.map(\.step)
    }

    private static func step(at seconds: Double, words: String, say: String) -> ScenarioStep {
        // The planner only writes words that parse; a failure here is a planner bug.
        let request = try? TimedFault.request(words: words)
        precondition(request != nil, "chaos planner wrote a fault that does not parse: \(words)")
        return ScenarioStep(trigger: .at(seconds: seconds), fault: request, faultText: words, say: say)
    }

    /// How many faults of each kind, in the vocabulary's order.
    public var countsByKind: [(kind: ChaosFaultKind, count: Int)] {
        ChaosFaultKind.allCases.compactMap { kind in
            let count = faults.filter { $0.kind == kind }.count
            return count == 0 ? nil : (kind, count)
        }
    }

    /// The largest number of nodes of `pair` that are down (killed, paused or restarting, until
    /// recovered) at one instant: at most 1 unless the file allows both down.
    public func mostNodesDownAtOnce(pair: Int) -> Int {
        let intervals = faults.filter { $0.pair == pair && $0.downNode != nil }.map {
            (start: $0.startSeconds, end: $0.recoveredSeconds)
        }
        var most = 0
        for interval in intervals {
            let overlapping = intervals.filter { $0.start <= interval.start && interval.start < $0.end }.count
            most = max(most, overlapping)
        }
        return most
    }
}
