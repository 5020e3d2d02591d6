import LabCore

/// `epoch-fencing`: epochs order leadership (cluster.md §6). Checked, each only where the 50 ms
/// status polling makes it certain (otherwise reported as `unknown` with the reason):
///
/// - **epoch regression**: a node's epoch goes down between two reachable samples of one
///   incarnation (no `kill`/`restart` fault between them). A node that was unreachable and comes
///   back at epoch 0 (JOINING/UNKNOWN) restarted and is not a regression.
/// - **primary at a lower epoch**: a node *becomes* PRIMARY (its previous sample was not PRIMARY
///   at that epoch) at an epoch below one already seen as PRIMARY in its pair. After a restart
///   this is the documented start-up rule of the smallest-ID node (§3.1, hazard §13.1):
///   reported, not a violation.
/// - **equal-epoch dual primary**: two nodes of a pair PRIMARY at the same epoch at surely
///   overlapping times (both sampled PRIMARY at a common instant): a violation; a merely
///   possible overlap (within the polling brackets) is `unknown`.
/// - **dual primary at different epochs**: allowed until the lower one hears the higher epoch,
///   reported with `dual-primary.count` and `dual-primary.max-seconds` (estimated length).
/// - **stale primary**: a node accepted (`200`) a heartbeat with a higher epoch than its own but
///   a status sample taken after that answer (plus a margin) still shows it PRIMARY at the lower
///   epoch; writes acknowledged by it meanwhile are listed (`stale-write`).
/// - **stale-epoch message applied**: a `replicate` / `replicate-registry` message with
///   `leader_epoch` below the receiver's epoch (from a sample before the message arrived, same
///   incarnation) was answered `200`; the contract requires `409`.
public struct EpochFencingChecker: RunChecker {
    public let name = "epoch-fencing"
    /// How long after a heartbeat's answer a status sample must be taken to count as "after" it.
    public var statusMarginNanoseconds: Int64

    /// How soon after a heal an operator-made equal-epoch dual primary must be resolved.
    public var equalEpochResolutionNanoseconds: Int64

    public init(statusMarginNanoseconds: Int64 = 50_000_000, equalEpochResolutionNanoseconds: Int64 = 2_000_000_000) {
        self.statusMarginNanoseconds = statusMarginNanoseconds
        self.equalEpochResolutionNanoseconds = equalEpochResolutionNanoseconds
    }

    public func check(_ recording: RunRecording) -> CheckResult {
        let timeline = LeadershipTimeline(recording: recording)
        let restarts = ProcessRestarts(recording: recording)
        let journal = JournalIndex(journal: recording.journal)
        var evidence: [CheckEvidence] = []
        var counts: [String: Int] = [:]
        func add(_ item: CheckEvidence) {
            evidence.append(item)
            counts[item.kind, default: 0] += 1
        }

        checkSamples(recording, restarts: restarts, add: add)
        let (dualCount, dualMaximum) = checkTerms(recording, timeline: timeline, add: add)
        checkJournal(recording, timeline: timeline, restarts: restarts, journal: journal, add: add)

        let violations = evidence.filter(\.isViolation).count
        let undecided = counts["dual-primary-same-epoch-possible"] ?? 0
        let verdict: CheckVerdict = violations > 0 ? .violation : (undecided > 0 ? .unknown : .ok)
        var parts: [String] = []
        let labels = [
            ("epoch-regression", "epoch regression"), ("primary-lower-epoch", "PRIMARY at a lower epoch"),
            ("dual-primary-same-epoch", "equal-epoch dual primary"), ("stale-primary", "stale primary"),
            ("stale-write", "stale-primary write"), ("stale-epoch-applied", "stale-epoch message applied"),
            ("dual-primary-same-epoch-possible", "possible equal-epoch dual primary (polling too coarse)"),
        ]
        for (kind, label) in labels where (counts[kind] ?? 0) > 0 { parts.append("\(counts[kind]!) \(label)") }
        let dualText =
            dualCount == 0
            ? "no dual primary"
            : "\(dualCount) dual-primary window(s) at different epochs, longest \(TimeText.decimal(dualMaximum)) s"
        let summary = (parts.isEmpty ? "epochs fence correctly" : parts.joined(separator: ", ")) + "; " + dualText
        return CheckResult(
            checker: name, verdict: verdict, summary: summary,
            evidence: evidence.sorted {
                ($0.isViolation ? 0 : 1, $0.startNanoseconds ?? 0) < ($1.isViolation ? 0 : 1, $1.startNanoseconds ?? 0)
            },
            figures: [
                CheckFigure("dual-primary.count", Double(dualCount)),
                CheckFigure("dual-primary.max-seconds", dualMaximum),
                CheckFigure("epoch-regression.count", Double(counts["epoch-regression"] ?? 0)),
                CheckFigure("stale-write.count", Double(counts["stale-write"] ?? 0)),
                CheckFigure("stale-epoch-applied.count", Double(counts["stale-epoch-applied"] ?? 0)),
            ])
    }

    /// One pass over every sample in time order: regressions and lower-epoch promotions.
    func checkSamples(_ recording: RunRecording, restarts: ProcessRestarts, add: (CheckEvidence) -> Void) {
        var previousByNode: [String: StatusObservation] = [:]
        var unreachableSinceByNode: [String: Bool] = [:]
        var highestPrimaryEpochByPair: [Int: (epoch: UInt64, node: String, time: Int64)] = [:]
        for sample in recording.status {
            guard sample.reachable else {
                unreachableSinceByNode[sample.node] = true
                continue
            }
            let pair = recording.pair(of: sample.node) ?? 0
            let previous = previousByNode[sample.node]
            let newIncarnation =
                previous.map {
                    restarts.restarted(sample.node, after: $0.timeNanoseconds, upTo: sample.timeNanoseconds)
                }
                ?? true
            if let previous, !newIncarnation, sample.epoch < previous.epoch {
                let restartedQuietly =
                    unreachableSinceByNode[sample.node] == true && sample.epoch == 0 && !sample.isPrimary
                if !restartedQuietly {
                    add(
                        CheckEvidence(
                            kind: "epoch-regression",
                            text:
                                "\(sample.node) went from epoch \(previous.epoch) (\(previous.role) at \(TimeText.seconds(previous.timeNanoseconds))) to \(sample.epoch) (\(sample.role) at \(TimeText.seconds(sample.timeNanoseconds))) without a restart",
                            startNanoseconds: previous.timeNanoseconds, endNanoseconds: sample.timeNanoseconds,
                            isViolation: true))
                }
            }
            let continuesTerm =
                !newIncarnation && previous.map { $0.isPrimary && $0.epoch == sample.epoch } == true
            if sample.isPrimary && !continuesTerm, let highest = highestPrimaryEpochByPair[pair],
                sample.epoch < highest.epoch
            {
                let text =
                    "\(sample.node) became PRIMARY at epoch \(sample.epoch) (seen \(TimeText.seconds(sample.timeNanoseconds))) after \(highest.node) was PRIMARY at epoch \(highest.epoch) (\(TimeText.seconds(highest.time)))"
                add(
                    CheckEvidence(
                        kind: newIncarnation ? "restart-as-primary" : "primary-lower-epoch",
                        text: newIncarnation
                            ? text + ": a restarted smallest-ID node starts as PRIMARY (cluster.md §3.1, hazard §13.1)"
                            : text,
                        startNanoseconds: sample.timeNanoseconds, endNanoseconds: sample.timeNanoseconds,
                        isViolation: !newIncarnation))
            }
            if sample.isPrimary, sample.epoch > highestPrimaryEpochByPair[pair]?.epoch ?? 0 {
                highestPrimaryEpochByPair[pair] = (sample.epoch, sample.node, sample.timeNanoseconds)
            }
            previousByNode[sample.node] = sample
            unreachableSinceByNode[sample.node] = false
        }
    }

    /// Pairs of PRIMARY terms of one pair on different nodes: dual primaries.
    func checkTerms(
        _ recording: RunRecording, timeline: LeadershipTimeline, add: (CheckEvidence) -> Void
    ) -> (count: Int, maximumSeconds: Double) {
        var count = 0
        var maximum = 0.0
        for pair in recording.pairs {
            let terms = timeline.terms(inPair: pair)
            for (index, first) in terms.enumerated() {
                for second in terms[(index + 1)...] where first.node != second.node {
                    let possibleStart = max(first.startEarliestNanoseconds, second.startEarliestNanoseconds)
                    let possibleEnd = min(first.endLatestNanoseconds ?? .max, second.endLatestNanoseconds ?? .max)
                    guard possibleStart < possibleEnd else { continue }
                    let sureStart = max(first.firstSeenNanoseconds, second.firstSeenNanoseconds)
                    let sureEnd = min(first.lastSeenNanoseconds, second.lastSeenNanoseconds)
                    let nodes = "\(first.node) and \(second.node)"
                    if first.epoch == second.epoch,
                        let operatorMade = operatorMadeEqualEpoch(
                            first, second, recording: recording, sureStart: sureStart, sureEnd: sureEnd,
                            possibleStart: possibleStart)
                    {
                        add(operatorMade)
                        continue
                    }
                    if first.epoch == second.epoch {
                        let sure = sureStart <= sureEnd
                        add(
                            CheckEvidence(
                                kind: sure ? "dual-primary-same-epoch" : "dual-primary-same-epoch-possible",
                                text: sure
                                    ? "\(nodes) both PRIMARY at epoch \(first.epoch) from \(TimeText.seconds(sureStart)) to \(TimeText.seconds(sureEnd)) (never resolves: cluster.md §13.2)"
                                    : "\(nodes) may both have been PRIMARY at epoch \(first.epoch) around \(TimeText.seconds(possibleStart)); the polling cannot tell",
                                startNanoseconds: sure ? sureStart : possibleStart,
                                endNanoseconds: sure ? sureEnd : min(possibleEnd, possibleStart + 100_000_000),
                                isViolation: sure))
                        continue
                    }
                    let estimatedEnd = min(
                        first.endLatestNanoseconds ?? first.lastSeenNanoseconds,
                        second.endLatestNanoseconds ?? second.lastSeenNanoseconds)
                    let estimatedStart = max(first.startNanoseconds, second.startNanoseconds)
                    let seconds = max(0, TimeText.secondsValue(estimatedEnd - estimatedStart))
                    count += 1
                    maximum = max(maximum, seconds)
                    let (lower, higher) = first.epoch < second.epoch ? (first, second) : (second, first)
                    add(
                        CheckEvidence(
                            kind: "dual-primary",
                            text:
                                "\(lower.node) (epoch \(lower.epoch)) and \(higher.node) (epoch \(higher.epoch)) both PRIMARY for about \(TimeText.decimal(seconds)) s from \(TimeText.seconds(estimatedStart)) (allowed: the lower one steps down when it hears the higher epoch)",
                            startNanoseconds: estimatedStart, endNanoseconds: estimatedEnd, isViolation: false))
                }
            }
        }
        return (count, maximum)
    }

    /// An equal-epoch dual primary that an operator made (a `promote` fault started one of the
    /// terms, e.g. during a partition) is not by itself a fencing failure; the contract is that it
    /// resolves once the nodes hear each other (DECISIONS 26): a violation only when it is still
    /// there ``equalEpochResolutionNanoseconds`` after the next heal, or never ends. `nil` when no
    /// operator promote started either term.
    func operatorMadeEqualEpoch(
        _ first: LeadershipTerm, _ second: LeadershipTerm, recording: RunRecording, sureStart: Int64, sureEnd: Int64,
        possibleStart: Int64
    ) -> CheckEvidence? {
        let promoted = [first, second].first { term in
            recording.faults.contains { fault in
                guard case .promote = fault.request.command, fault.targets.contains(term.node) else { return false }
                return fault.timeNanoseconds >= term.startEarliestNanoseconds - 500_000_000
                    && fault.timeNanoseconds <= term.firstSeenNanoseconds
            }
        }
        guard let promoted else { return nil }
        let heal = recording.faults.first { fault in
            guard case .heal = fault.request.command else { return false }
            return fault.timeNanoseconds >= possibleStart
        }?.timeNanoseconds
        let neverEnds = first.endLatestNanoseconds == nil && second.endLatestNanoseconds == nil
        let deadline = heal.map { $0 + equalEpochResolutionNanoseconds }
        let unresolved = neverEnds || (deadline.map { sureEnd > $0 } ?? false)
        let healText =
            heal.map { "the heal at \(TimeText.seconds($0))" } ?? "no heal"
        return CheckEvidence(
            kind: unresolved ? "dual-primary-same-epoch" : "dual-primary-same-epoch-operator",
            text:
                "\(first.node) and \(second.node) both PRIMARY at epoch \(first.epoch) (an operator promoted \(promoted.node)) until \(TimeText.seconds(sureEnd)); "
                + (unresolved
                    ? "not resolved within \(TimeText.decimal(TimeText.secondsValue(equalEpochResolutionNanoseconds))) s after \(healText) (DECISIONS 26)"
                    : "resolved after \(healText)"),
            startNanoseconds: sureStart <= sureEnd ? sureStart : possibleStart, endNanoseconds: sureEnd,
            isViolation: unresolved)
    }

    /// Heartbeats that should have demoted a node, and stale-epoch replication applied.
    func checkJournal(
        _ recording: RunRecording, timeline: LeadershipTimeline, restarts: ProcessRestarts, journal: JournalIndex,
        add: (CheckEvidence) -> Void
    ) {
        var writesByNode: [String: [HistoryOperation]] = [:]
        for operation in recording.history where operation.kind.isWrite && operation.outcome == .ok {
            writesByNode[operation.node, default: []].append(operation)
        }
        for node in writesByNode.keys { writesByNode[node]?.sort { $0.invokeNanoseconds < $1.invokeNanoseconds } }
        var reportedStale: Set<String> = []
        for entry in recording.journal where entry.wasAcceptedByReceiver {
            let ends = entry.link.split(separator: "->", omittingEmptySubsequences: false)
            guard let messageEpoch = entry.leaderEpoch, ends.count == 2 else { continue }
            let receiver = String(ends[1])
            switch entry.messageClass {
            case .heartbeat:
                guard let before = timeline.sample(of: receiver, atOrBefore: entry.timeNanoseconds),
                    before.isPrimary, before.epoch < messageEpoch,
                    !reportedStale.contains("\(receiver)@\(before.epoch)")
                else { continue }
                let answered = entry.processedByNanoseconds
                // The poll must have been *sent* after the answer: a slow answer shows older state.
                var candidate = timeline.sample(of: receiver, atOrAfter: answered + statusMarginNanoseconds)
                while let sample = candidate, sample.requestNanoseconds < answered + statusMarginNanoseconds {
                    candidate = timeline.sample(of: receiver, atOrAfter: sample.timeNanoseconds + 1)
                }
                guard
                    let after = candidate,
                    after.isPrimary, after.epoch < messageEpoch,
                    !restarts.restarted(receiver, after: before.timeNanoseconds, upTo: after.timeNanoseconds)
                else { continue }
                reportedStale.insert("\(receiver)@\(before.epoch)")
                // How long it stayed a stale PRIMARY: follow its samples.
                var lastStale = after
                while let next = timeline.sample(of: receiver, atOrAfter: lastStale.timeNanoseconds + 1),
                    next.isPrimary, next.epoch < messageEpoch
                {
                    lastStale = next
                }
                add(
                    CheckEvidence(
                        kind: "stale-primary",
                        text:
                            "\(receiver) accepted a heartbeat at epoch \(messageEpoch) on \(entry.link) at \(TimeText.seconds(entry.timeNanoseconds)) but was still PRIMARY at epoch \(after.epoch) until \(TimeText.seconds(lastStale.timeNanoseconds))",
                        startNanoseconds: entry.timeNanoseconds, endNanoseconds: lastStale.timeNanoseconds,
                        isViolation: true))
                let writes = writesByNode[receiver] ?? []
                var index = Self.firstIndex(in: writes, invokedAtOrAfter: answered)
                while index < writes.count, writes[index].invokeNanoseconds <= lastStale.timeNanoseconds {
                    let write = writes[index]
                    index += 1
                    guard write.completeNanoseconds <= lastStale.timeNanoseconds else { continue }
                    add(
                        CheckEvidence(
                            kind: "stale-write",
                            text:
                                "\(write.kind.rawValue) #\(write.id) on \(write.key) acknowledged by stale primary \(receiver) (epoch \(after.epoch)) at \(TimeText.seconds(write.completeNanoseconds)), after it accepted epoch \(messageEpoch)",
                            operationIDs: [write.id], startNanoseconds: write.invokeNanoseconds,
                            endNanoseconds: write.completeNanoseconds, isViolation: true))
                }
            case .replicate, .replicateRegistry:
                guard let before = timeline.sample(of: receiver, atOrBefore: entry.timeNanoseconds),
                    before.epoch > messageEpoch,
                    !restarts.restarted(receiver, after: before.timeNanoseconds, upTo: entry.processedByNanoseconds)
                else { continue }
                add(
                    CheckEvidence(
                        kind: "stale-epoch-applied",
                        text:
                            "\(entry.messageClass.rawValue) #\(entry.sequence) on \(entry.link) at epoch \(messageEpoch) (\(entry.fate.rawValue), \(TimeText.seconds(entry.timeNanoseconds))) answered 200 although \(receiver) was at epoch \(before.epoch) since \(TimeText.seconds(before.timeNanoseconds)); the contract says 409",
                        startNanoseconds: entry.timeNanoseconds, endNanoseconds: entry.processedByNanoseconds,
                        isViolation: true))
            default:
                continue
            }
        }
    }

    /// Binary search in operations sorted by invocation.
    static func firstIndex(in operations: [HistoryOperation], invokedAtOrAfter time: Int64) -> Int {
        var low = 0
        var high = operations.count
        while low < high {
            let middle = (low + high) / 2
            if operations[middle].invokeNanoseconds < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
