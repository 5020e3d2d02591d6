import LabCheckers

/// Turns checker results (and the status timeline, for settling after heal) into one outcome
/// per expectation. Pure: a saved run re-judges the same way.
public struct ExpectationEvaluator: Sendable {
    public var results: [CheckResult]
    public var recording: RunRecording
    /// When the run's final restore (heal, resume, restart) began, lab-clock nanoseconds.
    public var restoreNanoseconds: Int64?

    public init(results: [CheckResult], recording: RunRecording, restoreNanoseconds: Int64?) {
        self.results = results
        self.recording = recording
        self.restoreNanoseconds = restoreNanoseconds
    }

    public func evaluate(_ expectations: [ScenarioExpectation]) -> [ExpectationOutcome] {
        expectations.map(evaluate)
    }

    func result(_ checker: String) -> CheckResult? { results.first { $0.checker == checker } }

    func evaluate(_ expectation: ScenarioExpectation) -> ExpectationOutcome {
        func outcome(_ verdict: CheckVerdict, _ detail: String) -> ExpectationOutcome {
            ExpectationOutcome(expectation: expectation, verdict: verdict, detail: detail)
        }
        switch expectation {
        case .failoverWithin(let range):
            guard let timing = result("failover-timing"), let count = timing.figure("failover.count") else {
                return outcome(.unknown, "the failover-timing checker did not run")
            }
            guard count > 0 else { return outcome(.unknown, "no failover happened") }
            let times = (1...Int(count)).compactMap { timing.figure("failover.\($0).promotion-seconds") }
            guard !times.isEmpty else { return outcome(.unknown, "no promotion could be timed (\(timing.summary))") }
            let text = times.map { Self.format($0) + " s" }.joined(separator: ", ")
            let outside = times.filter { !range.contains($0) }
            return outside.isEmpty
                ? outcome(.ok, "promotion after the last heartbeat: \(text)")
                : outcome(
                    .violation,
                    "promotion after the last heartbeat: \(text); outside [\(range.lowerBound), \(range.upperBound)]")
        case .failovers(let range):
            guard let count = result("failover-timing")?.figure("failover.count") else {
                return outcome(.unknown, "the failover-timing checker did not run")
            }
            return outcome(range.contains(Int(count)) ? .ok : .violation, "\(Int(count)) failover(s)")
        case .lostAcknowledged(let bounds):
            guard let lost = result("lost-updates") else {
                return outcome(.unknown, "the lost-updates checker did not run")
            }
            var broken: [String] = []
            var seen: [String] = []
            for (cause, bound) in bounds.sorted(by: { $0.key < $1.key }) {
                guard let value = lost.figure("lost.\(cause)") else {
                    return outcome(.unknown, "lost-updates reported no figure lost.\(cause)")
                }
                seen.append("\(cause) \(Int(value))")
                if Int(value) > bound { broken.append("\(cause) \(Int(value)) > \(bound)") }
            }
            let budget = lost.figure("lost.budget").map { " (budget \(Int($0)))" } ?? ""
            return broken.isEmpty
                ? outcome(lost.verdict == .unknown ? .unknown : .ok, seen.joined(separator: ", ") + budget)
                : outcome(.violation, broken.joined(separator: ", ") + budget)
        case .singlePrimaryAfterHeal(let bound):
            guard let restore = restoreNanoseconds else { return outcome(.unknown, "the run has no restore time") }
            let settled = SinglePrimaryTimer(recording: recording).secondsUntilSinglePrimary(after: restore)
            guard let seconds = settled else {
                return outcome(.violation, "no single PRIMARY per pair after the heal within the recorded timeline")
            }
            return outcome(
                seconds <= bound ? .ok : .violation,
                "one PRIMARY per pair \(Self.format(seconds)) s after the heal (at most \(Self.format(bound)) s)")
        case .linearizable(let expected):
            guard let linear = result("linearizability") else {
                return outcome(.unknown, "the linearizability checker did not run")
            }
            switch linear.verdict {
            case .unknown: return outcome(.unknown, linear.summary)
            case .ok: return outcome(expected ? .ok : .violation, linear.summary)
            case .violation: return outcome(expected ? .violation : .ok, linear.summary)
            }
        case .verdict(let checker, let allowed):
            guard let checked = result(checker) else { return outcome(.unknown, "the checker \(checker) did not run") }
            return outcome(
                allowed.contains(checked.verdict) ? .ok : .violation, "\(checked.verdict.rawValue): \(checked.summary)")
        case .dualPrimaryAtMost(let bound):
            guard let fencing = result("epoch-fencing") else {
                return outcome(.unknown, "the epoch-fencing checker did not run")
            }
            let longest = fencing.figure("dual-primary.max-seconds") ?? 0
            return outcome(
                longest <= bound ? .ok : .violation,
                "longest dual-PRIMARY window \(Self.format(longest)) s (at most \(Self.format(bound)) s)")
        }
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
