/// `no-resurrection`: once a delete (or delete-by-name) of a store is acknowledged, the store
/// must not be readable again: no later snapshot, counter-get or begin-modify with data, and no
/// lookup-id-by-name returning its ID — including the final reads.
///
/// Only reads served by a node that was surely PRIMARY at the read's invocation count (or any
/// node, when the pair has no status timeline): a secondary serves local, possibly stale reads,
/// and a lost replication DELETE leaves it diverged until the next re-join (cluster.md §7.3,
/// hazard §13.5); those are reported, not flagged. A resurrection is allowed when the delete
/// itself may have been lost: acknowledged inside a failover's async window or on the losing
/// side of a split brain (the same classification as `lost-updates`).
///
/// For delete-by-name, the deleted store is the one the name last resolved to before the
/// delete (its create-by-name or a lookup). One pass to collect deletes, one for reads.
public struct NoResurrectionChecker: RunChecker {
    public let name = "no-resurrection"

    public init() {}

    public func check(_ recording: RunRecording) -> CheckResult {
        let timeline = LeadershipTimeline(recording: recording)
        let windows = FailoverWindows(
            recording: recording, timeline: timeline, journal: JournalIndex(journal: recording.journal))
        var termsByNode: [String: [LeadershipTerm]] = [:]
        for term in timeline.terms { termsByNode[term.node, default: []].append(term) }
        let pairsWithStatus = Set(recording.status.compactMap { recording.pair(of: $0.node) })

        var deleteByStore: [String: HistoryOperation] = [:]
        var storeByName: [String: String] = [:]
        for operation in recording.history where operation.outcome == .ok {
            switch operation.kind {
            case .createByName, .lookupByName:
                if let name = operation.name, let store = operation.store { storeByName[name] = store }
            case .delete:
                if let store = operation.store, deleteByStore[store] == nil { deleteByStore[store] = operation }
            case .deleteByName:
                if let name = operation.name, let store = storeByName[name] ?? operation.store,
                    deleteByStore[store] == nil
                {
                    deleteByStore[store] = operation
                }
            default:
                continue
            }
        }

        var evidence: [CheckEvidence] = []
        var reported: Set<String> = []
        var violations = 0
        var allowed = 0
        for read in recording.history where read.outcome == .ok && Self.isRead(read) {
            guard let store = read.store, let delete = deleteByStore[store],
                read.invokeNanoseconds > delete.completeNanoseconds, !reported.contains(store)
            else { continue }
            let pair = recording.pair(of: read.node) ?? 0
            let servedByPrimary =
                !pairsWithStatus.contains(pair)
                || (termsByNode[read.node] ?? []).contains { $0.surelyCovers(read.invokeNanoseconds) }
            let story =
                "store \(store) (\(read.key)) deleted by \(delete.kind.rawValue) #\(delete.id) at \(TimeText.seconds(delete.completeNanoseconds)) was read by \(read.kind.rawValue) #\(read.id)\(read.workload == "final" ? " (final read)" : "") on \(read.node) at \(TimeText.seconds(read.invokeNanoseconds))"
            reported.insert(store)
            if !servedByPrimary {
                allowed += 1
                evidence.append(
                    CheckEvidence(
                        kind: "stale-secondary-read", text: story + ": served by a non-primary (stale read allowed)",
                        operationIDs: [delete.id, read.id], startNanoseconds: delete.invokeNanoseconds,
                        endNanoseconds: read.completeNanoseconds, isViolation: false))
            } else if let window = windows.window(explaining: delete) {
                allowed += 1
                evidence.append(
                    CheckEvidence(
                        kind: "resurrection-after-lost-delete",
                        text: story + ": the delete itself was lost inside the \(window.description)",
                        operationIDs: [delete.id, read.id], startNanoseconds: delete.invokeNanoseconds,
                        endNanoseconds: read.completeNanoseconds, isViolation: false))
            } else {
                violations += 1
                evidence.append(
                    CheckEvidence(
                        kind: "resurrection", text: story,
                        operationIDs: [delete.id, read.id], startNanoseconds: delete.invokeNanoseconds,
                        endNanoseconds: read.completeNanoseconds, isViolation: true))
            }
        }
        let summary =
            "\(deleteByStore.count) acknowledged delete(s), \(violations) resurrected\(allowed > 0 ? ", \(allowed) read again where allowed" : "")"
        return CheckResult(
            checker: name, verdict: violations > 0 ? .violation : .ok, summary: summary,
            evidence: evidence.sorted {
                ($0.isViolation ? 0 : 1, $0.startNanoseconds ?? 0) < ($1.isViolation ? 0 : 1, $1.startNanoseconds ?? 0)
            },
            figures: [
                CheckFigure("deletes.acknowledged", Double(deleteByStore.count)),
                CheckFigure("resurrections", Double(violations)),
                CheckFigure("resurrections.allowed", Double(allowed)),
            ])
    }

    /// A successful read that shows the store exists.
    static func isRead(_ operation: HistoryOperation) -> Bool {
        switch operation.kind {
        case .snapshot, .counterGet, .lookupByName, .beginModify: true
        default: false
        }
    }
}
