/// Checks that every `register` store behaved as a linearizable read/write register within each
/// epoch of its pair (issue 5).
///
/// What an `ok` proves: for each register and each stretch between two promotions of its pair,
/// some total order of the acknowledged operations (plus any subset of the ones that may have
/// happened) respects real time and the register's semantics, starting from the initial value
/// (first stretch) or from some value written before the promotion (later stretches: the
/// contract lets asynchronous replication lose writes at a failover). See
/// ``RegisterHistoryPartition`` for the placement rules and ``LinearizationSearch`` for the
/// algorithm.
///
/// Budget: ``budget`` is shared by the whole run. Segments are searched in key order, each given
/// an equal share of what is left (so time unused by easy segments flows to later ones); the
/// segments that ran out are then retried with the remainder shared among them. A segment still
/// out of budget makes its key `unknown`; the verdict is never a guess.
public struct LinearizabilityChecker: RunChecker {
    public let name = "linearizability"
    /// The workload whose operations form the registers.
    public var workload: String
    /// Total search time for the run.
    public var budget: Duration
    /// At most this many violations are described in the evidence (all are counted).
    public var maximumEvidence: Int

    public init(workload: String = "register", budget: Duration = .seconds(10), maximumEvidence: Int = 10) {
        self.workload = workload
        self.budget = budget
        self.maximumEvidence = maximumEvidence
    }

    public func check(_ recording: RunRecording) -> CheckResult {
        let keys = RegisterHistoryPartition.keys(of: recording, workload: workload)
        // (key index, segment index) of every segment that needs a search, in key order.
        var pending: [(key: Int, segment: Int)] = []
        for (keyIndex, key) in keys.enumerated() {
            for segment in key.segments where segment.requiredCount > 0 {
                pending.append((keyIndex, segment.index))
            }
        }
        var outcomes: [Int: [Int: LinearizationOutcome]] = [:]
        let clock = ContinuousClock()
        let runDeadline = clock.now.advanced(by: budget)
        var memo = LinearizationMemo()
        for _ in 0..<2 {
            var outOfBudget: [(key: Int, segment: Int)] = []
            for (position, item) in pending.enumerated() {
                let remaining = clock.now.duration(to: runDeadline)
                let share = remaining / (pending.count - position)
                let outcome = LinearizationSearch.check(
                    keys[item.key].segments[item.segment], deadline: clock.now.advanced(by: share), memo: &memo)
                outcomes[item.key, default: [:]][item.segment] = outcome
                if outcome == .outOfBudget { outOfBudget.append(item) }
            }
            pending = outOfBudget
            if pending.isEmpty { break }
        }
        return result(keys: keys, outcomes: outcomes)
    }

    private func result(keys: [RegisterKeyHistory], outcomes: [Int: [Int: LinearizationOutcome]]) -> CheckResult {
        var evidence: [CheckEvidence] = []
        var violationCount = 0
        var unknownKeys: [String] = []
        var operationCount = 0
        var skippedCount = 0
        for (keyIndex, key) in keys.enumerated() {
            operationCount += key.operationCount
            skippedCount += key.skippedCount
            var ranOut = false
            for (segmentIndex, outcome) in (outcomes[keyIndex] ?? [:]).sorted(by: { $0.key < $1.key }) {
                switch outcome {
                case .linearizable: break
                case .outOfBudget: ranOut = true
                case .violation(let failure):
                    violationCount += 1
                    if evidence.count < maximumEvidence {
                        evidence.append(
                            LinearizabilityEvidence.describe(
                                failure, in: key.segments[segmentIndex], of: key))
                    }
                }
            }
            if ranOut { unknownKeys.append(key.key) }
        }
        let figures = [
            CheckFigure("linearizability.keys", Double(keys.count)),
            CheckFigure("linearizability.operations", Double(operationCount)),
            CheckFigure("linearizability.skipped", Double(skippedCount)),
            CheckFigure("linearizability.unknown-keys", Double(unknownKeys.count)),
            CheckFigure("linearizability.violations", Double(violationCount)),
        ]
        let scope = "\(keys.count) registers, \(operationCount) operations (\(skippedCount) skipped at promotions)"
        if violationCount > 0 {
            return CheckResult(
                checker: name, verdict: .violation,
                summary: "\(violationCount) register epoch(s) not linearizable; \(scope)", evidence: evidence,
                figures: figures)
        }
        if !unknownKeys.isEmpty {
            let listed = unknownKeys.prefix(20).joined(separator: ", ") + (unknownKeys.count > 20 ? ", …" : "")
            return CheckResult(
                checker: name, verdict: .unknown,
                summary: "search budget ran out for \(unknownKeys.count) register(s); \(scope)",
                evidence: [
                    CheckEvidence(
                        kind: "search-budget-exhausted",
                        text: "no answer within the \(budget) budget for: \(listed)",
                        isViolation: false)
                ], figures: figures)
        }
        return CheckResult(checker: name, verdict: .ok, summary: "linearizable: \(scope)", figures: figures)
    }
}
