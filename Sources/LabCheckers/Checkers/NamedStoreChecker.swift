/// `named-stores`: a name maps to at most one live store (cluster.md §10). Two acknowledged
/// create-by-name of one name returning different store IDs, with no delete-by-name of it that
/// may have happened in between and no possible expiry of the first, break that — unless either
/// create is explained by a failover: the first one lost in an async window (the new primary
/// never saw the name), or either one acknowledged on the losing side of a split brain.
/// One pass in invocation order.
public struct NamedStoreChecker: RunChecker {
    public let name = "named-stores"

    public init() {}

    public func check(_ recording: RunRecording) -> CheckResult {
        let timeline = LeadershipTimeline(recording: recording)
        let windows = FailoverWindows(
            recording: recording, timeline: timeline, journal: JournalIndex(journal: recording.journal))
        let deletes = DeletesByName(recording.history)
        var liveByName: [String: HistoryOperation] = [:]
        var evidence: [CheckEvidence] = []
        var creates = 0
        var allowed = 0
        for operation in recording.history {
            guard let name = operation.name else { continue }
            switch operation.kind {
            case .deleteByName where operation.outcome != .fail:
                liveByName[name] = nil
            case .createByName where operation.outcome == .ok:
                creates += 1
                defer { liveByName[name] = operation }
                guard let live = liveByName[name], let liveStore = live.store, let store = operation.store,
                    liveStore != store
                else { continue }
                // A delete invoked later (a higher id) may still have taken effect between them.
                if deletes.mayHaveDeleted(name, after: live.invokeNanoseconds, before: operation.completeNanoseconds) {
                    continue
                }
                if let milliseconds = live.ttlMilliseconds,
                    operation.invokeNanoseconds > live.completeNanoseconds
                        + TimeToLiveChecker.wholeSeconds(milliseconds)
                {
                    continue  // the first may have expired and been swept
                }
                let story =
                    "name \"\(name)\": create-by-name #\(live.id) → \(liveStore) (\(live.node), \(TimeText.seconds(live.completeNanoseconds))) and #\(operation.id) → \(store) (\(operation.node), \(TimeText.seconds(operation.completeNanoseconds))), no delete in between"
                let window = windows.window(explaining: live) ?? windows.window(explaining: operation)
                if let window {
                    allowed += 1
                    evidence.append(
                        CheckEvidence(
                            kind: "duplicate-name-allowed", text: story + ": explained by the \(window.description)",
                            operationIDs: [live.id, operation.id], startNanoseconds: live.invokeNanoseconds,
                            endNanoseconds: operation.completeNanoseconds, isViolation: false))
                } else {
                    evidence.append(
                        CheckEvidence(
                            kind: "duplicate-name", text: story, operationIDs: [live.id, operation.id],
                            startNanoseconds: live.invokeNanoseconds, endNanoseconds: operation.completeNanoseconds,
                            isViolation: true))
                }
            default:
                continue
            }
        }
        let violations = evidence.filter(\.isViolation).count
        return CheckResult(
            checker: name, verdict: violations > 0 ? .violation : .ok,
            summary:
                "\(creates) acknowledged create-by-name, \(violations) name(s) bound to two live stores\(allowed > 0 ? ", \(allowed) explained by a failover" : "")",
            evidence: evidence,
            figures: [
                CheckFigure("names.created", Double(creates)),
                CheckFigure("names.duplicates", Double(violations)),
            ])
    }
}

/// Every delete-by-name that may have happened, per name, to ask whether one may have taken
/// effect inside a span: sorted by invocation, with the running maximum of completions.
struct DeletesByName {
    private var invokes: [String: [Int64]] = [:]
    private var latestCompletions: [String: [Int64]] = [:]

    init(_ history: [HistoryOperation]) {
        var spans: [String: [(invoke: Int64, complete: Int64)]] = [:]
        for operation in history where operation.kind == .deleteByName && operation.outcome != .fail {
            guard let name = operation.name else { continue }
            spans[name, default: []].append((operation.invokeNanoseconds, operation.completeNanoseconds))
        }
        for (name, list) in spans {
            let sorted = list.sorted { $0.invoke < $1.invoke }
            invokes[name] = sorted.map(\.invoke)
            var latest = Int64.min
            latestCompletions[name] = sorted.map { span in
                latest = max(latest, span.complete)
                return latest
            }
        }
    }

    /// Whether a delete of `name` invoked before `end` completed after `start`.
    func mayHaveDeleted(_ name: String, after start: Int64, before end: Int64) -> Bool {
        guard let invokes = invokes[name], let latest = latestCompletions[name] else { return false }
        var low = 0
        var high = invokes.count
        while low < high {
            let middle = (low + high) / 2
            if invokes[middle] < end { low = middle + 1 } else { high = middle }
        }
        return low > 0 && latest[low - 1] > start
    }
}
