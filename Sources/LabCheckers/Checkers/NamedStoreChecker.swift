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
