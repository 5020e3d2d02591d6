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
/// delete was invoked (its create-by-name or a lookup) — only when no create-by-name of
/// another store may have taken effect in between; otherwise which store went is unknown and
/// the delete is not counted. One pass to collect deletes, one for reads.
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
        let names = NameResolutions(recording.history)
        for operation in recording.history where operation.outcome == .ok {
            switch operation.kind {
            case .delete:
                if let store = operation.store, deleteByStore[store] == nil { deleteByStore[store] = operation }
            case .deleteByName:
                if let name = operation.name, let store = names.storeSurelyDeleted(by: operation, name: name),
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

/// Which store each name resolved to and when, to tell which store a delete-by-name removed.
struct NameResolutions {
    /// Acknowledged create-by-name and lookup results per name, sorted by completion.
    private var resolutions: [String: [HistoryOperation]] = [:]
    /// Acknowledged (or possibly applied) create-by-name per name, sorted by completion.
    private var creates: [String: [HistoryOperation]] = [:]
    /// Longer than any operation lasts (client timeouts are 2 s, with retries as new operations).
    static let longestOperationNanoseconds: Int64 = 30_000_000_000

    init(_ history: [HistoryOperation]) {
        for operation in history {
            guard let name = operation.name else { continue }
            switch operation.kind {
            case .createByName where operation.outcome != .fail:
                creates[name, default: []].append(operation)
                if operation.outcome == .ok, operation.store != nil { resolutions[name, default: []].append(operation) }
            case .lookupByName where operation.outcome == .ok && operation.store != nil:
                resolutions[name, default: []].append(operation)
            default:
                continue
            }
        }
        for name in resolutions.keys { resolutions[name]?.sort { $0.completeNanoseconds < $1.completeNanoseconds } }
        for name in creates.keys { creates[name]?.sort { $0.completeNanoseconds < $1.completeNanoseconds } }
    }

    /// The store `delete` surely removed, or `nil` when another create may have rebound the name
    /// between its last known resolution and the delete.
    func storeSurelyDeleted(by delete: HistoryOperation, name: String) -> String? {
        guard let list = resolutions[name],
            let last = Self.lastIndex(in: list, completedBefore: delete.invokeNanoseconds),
            let store = list[last].store
        else { return nil }
        let resolvedAt = list[last].completeNanoseconds
        let candidates = creates[name] ?? []
        var index = (Self.lastIndex(in: candidates, completedBefore: resolvedAt + 1) ?? -1) + 1
        while index < candidates.count {
            let create = candidates[index]
            if create.completeNanoseconds > delete.completeNanoseconds + Self.longestOperationNanoseconds { break }
            if create.store != store && create.invokeNanoseconds < delete.completeNanoseconds { return nil }
            index += 1
        }
        return store
    }

    /// The index of the last operation completed strictly before `time`.
    private static func lastIndex(in list: [HistoryOperation], completedBefore time: Int64) -> Int? {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].completeNanoseconds < time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
}
