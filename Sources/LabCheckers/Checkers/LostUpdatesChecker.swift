import BunnyCore

/// `lost-updates`: every acknowledged write of the `counter`, `counter-rmw`, `cart` and `auction` workloads
/// must be in the final read (workload `final`, after heal and a quiet period), unless the
/// contract allows losing it: the async replication window of a failover, or the losing side of
/// a split brain (``FailoverWindows``). Anything else is `unexplained`, a bug.
///
/// - `cart`: items are unique, so attribution is exact: each acknowledged item missing from the
///   final list is one lost update, classified by its own window.
/// - `counter-rmw`: each complete-modify writes read + 1. An acknowledged value above the final
///   value is lost; an acknowledged value written k times means k − 1 of those writes were
///   overwritten (both read the same predecessor), and the ones in a window are blamed first.
/// - `auction`: the same chain on the bid count (``AuctionBid``): each bid writes the count it
///   read + 1, so a bid whose count is above the final count is lost, and k bids of one count
///   mean k − 1 were overwritten.
/// - `counter`: increments and decrements commute, so only the sum is known. The final value is
///   compared with the range the acknowledged (certain) and unknown-outcome (either way) deltas
///   allow; a shortfall is attributed to acknowledged increments in windows (async first, then
///   split brain, latest first), an excess to decrements likewise; only what the windows cannot
///   cover is unexplained, counted as the fewest remaining acknowledged operations that cover it.
///
/// A key whose store is gone at the end (final read `404`) lost every acknowledged write,
/// classified one by one. A key without a usable final read makes the verdict `unknown`.
public struct LostUpdatesChecker: RunChecker {
    public let name = "lost-updates"
    public var inFlightSlackNanoseconds: Int64

    public static let workloads: Set<String> = ["counter", "counter-rmw", "cart", "auction"]

    public init(inFlightSlackNanoseconds: Int64 = FailoverWindows.defaultInFlightSlackNanoseconds) {
        self.inFlightSlackNanoseconds = inFlightSlackNanoseconds
    }

    /// What happened to one key, gathered in one pass over the history.
    struct KeyHistory {
        var workload: String
        var acknowledged: [HistoryOperation] = []
        var unknown: [HistoryOperation] = []
        var finalRead: HistoryOperation?
        var finalReadMissing: HistoryOperation?
    }

    /// Running totals.
    struct Tally {
        var lost: [LossCause: Int] = [:]
        var evidence: [CheckEvidence] = []
        var undecidedKeys: [String] = []

        mutating func record(_ operation: HistoryOperation, _ window: LossWindow?, what: String) {
            let cause = window?.cause ?? .unexplained
            lost[cause, default: 0] += 1
            let explanation = window.map { "inside the \($0.description)" } ?? "outside any failover window"
            evidence.append(
                CheckEvidence(
                    kind: "lost-\(cause.rawValue)",
                    text:
                        "\(what) #\(operation.id) on \(operation.key), acknowledged by \(operation.node) at \(TimeText.seconds(operation.completeNanoseconds)), is missing: \(explanation)",
                    operationIDs: [operation.id], startNanoseconds: operation.invokeNanoseconds,
                    endNanoseconds: operation.completeNanoseconds, isViolation: cause == .unexplained))
        }
    }

    public func check(_ recording: RunRecording) -> CheckResult {
        let timeline = LeadershipTimeline(recording: recording)
        let windows = FailoverWindows(
            recording: recording, timeline: timeline, journal: JournalIndex(journal: recording.journal),
            inFlightSlackNanoseconds: inFlightSlackNanoseconds)
        var keys: [String: KeyHistory] = [:]
        var keyOrder: [String] = []
        var finals: [HistoryOperation] = []
        for operation in recording.history {
            if operation.workload == "final" {
                finals.append(operation)
                continue
            }
            guard Self.workloads.contains(operation.workload), Self.isTrackedWrite(operation) else { continue }
            if keys[operation.key] == nil {
                keys[operation.key] = KeyHistory(workload: operation.workload)
                keyOrder.append(operation.key)
            }
            switch operation.outcome {
            case .ok: keys[operation.key]?.acknowledged.append(operation)
            case .unknown: keys[operation.key]?.unknown.append(operation)
            case .fail: break
            }
        }
        for read in finals
        where keys[read.key] != nil && (read.kind == .snapshot || read.kind == .counterGet || read.kind == .watch) {
            if read.outcome == .ok {
                keys[read.key]?.finalRead = read
            } else if read.status == 404 || read.error == "NotFound" {
                keys[read.key]?.finalReadMissing = read
            }
        }

        var tally = Tally()
        var acknowledgedTotal = 0
        var budget = 0
        for key in keyOrder {
            guard let history = keys[key] else { continue }
            acknowledgedTotal += history.acknowledged.count
            budget += history.acknowledged.filter { windows.window(explaining: $0) != nil }.count
            if let read = history.finalRead {
                switch history.workload {
                case "counter": checkCounter(history, read: read, windows: windows, tally: &tally)
                case "counter-rmw":
                    checkChain(
                        history, finalValue: Int64(read.read ?? ""), windows: windows, tally: &tally,
                        value: { Int64($0.data ?? "") }, noun: "value")
                case "auction":
                    checkChain(
                        history, finalValue: AuctionBid(content: read.read ?? "")?.count, windows: windows,
                        tally: &tally, value: { AuctionBid(content: $0.data ?? "")?.count }, noun: "bid count")
                default: checkCart(history, read: read, windows: windows, tally: &tally)
                }
            } else if history.finalReadMissing != nil {
                for operation in history.acknowledged {
                    tally.record(
                        operation, windows.window(explaining: operation),
                        what: "\(operation.kind.rawValue) (store gone at the final read)")
                }
            } else if !history.acknowledged.isEmpty {
                tally.undecidedKeys.append(key)
            }
            // No final read and nothing acknowledged (a create whose outcome is unknown and
            // whose store ID never came back, so nothing could be read or written there):
            // nothing can have been lost, so the key decides nothing.

        }

        let asyncLost = tally.lost[.asyncWindow] ?? 0
        let splitLost = tally.lost[.splitBrain] ?? 0
        let unexplained = tally.lost[.unexplained] ?? 0
        let total = asyncLost + splitLost + unexplained
        var evidence = tally.evidence.sorted {
            ($0.isViolation ? 0 : 1, $0.startNanoseconds ?? 0) < ($1.isViolation ? 0 : 1, $1.startNanoseconds ?? 0)
        }
        if !tally.undecidedKeys.isEmpty {
            evidence.append(
                CheckEvidence(
                    kind: "no-final-read",
                    text:
                        "no usable final read for \(tally.undecidedKeys.count) key(s): \(tally.undecidedKeys.prefix(5).joined(separator: ", "))",
                    isViolation: false))
        }
        let verdict: CheckVerdict =
            unexplained > 0 ? .violation : (tally.undecidedKeys.isEmpty ? .ok : .unknown)
        var summary =
            "\(total) of \(acknowledgedTotal) acknowledged updates lost: \(asyncLost) async window, \(splitLost) split brain, \(unexplained) unexplained (budget \(budget))"
        if keyOrder.isEmpty { summary = "no counter, counter-rmw, cart or auction writes in this run" }
        if !tally.undecidedKeys.isEmpty { summary += "; \(tally.undecidedKeys.count) key(s) without a final read" }
        return CheckResult(
            checker: name, verdict: verdict, summary: summary, evidence: evidence,
            figures: [
                CheckFigure("lost.async-window", Double(asyncLost)),
                CheckFigure("lost.split-brain", Double(splitLost)),
                CheckFigure("lost.unexplained", Double(unexplained)),
                CheckFigure("lost.total", Double(total)),
                CheckFigure("acknowledged.total", Double(acknowledgedTotal)),
                CheckFigure("lost.budget", Double(budget)),
            ])
    }

    /// The writes whose effect must survive: creations, counter deltas, completed modifies.
    static func isTrackedWrite(_ operation: HistoryOperation) -> Bool {
        switch operation.kind {
        case .create, .counterCreate, .increment, .decrement, .completeModify: true
        default: false
        }
    }

    // MARK: - cart

    func checkCart(_ history: KeyHistory, read: HistoryOperation, windows: FailoverWindows, tally: inout Tally) {
        let finalItems = Set(Self.stringArray(read.read ?? "") ?? [])
        for operation in history.acknowledged where operation.kind == .completeModify {
            guard let item = operation.item, !finalItems.contains(item) else { continue }
            tally.record(
                operation, windows.window(explaining: operation), what: "cart item \"\(item)\" (complete-modify)")
        }
    }

    /// The strings of a JSON array (`["a","b"]`); `nil` when it is not one.
    static func stringArray(_ text: String) -> [String]? {
        guard let value = try? JSONParser.parse(Array(text.utf8)), case .array(let elements) = value else { return nil }
        return elements.compactMap(\.stringValue)
    }

    // MARK: - counter-rmw and auction

    /// A chain of complete-modifies, each writing its predecessor's `value` + 1 (the number of
    /// a `counter-rmw`, the bid count of an `auction`).
    func checkChain(
        _ history: KeyHistory, finalValue: Int64?, windows: FailoverWindows, tally: inout Tally,
        value: (HistoryOperation) -> Int64?, noun: String
    ) {
        guard let finalValue else {
            tally.undecidedKeys.append(history.acknowledged.first?.key ?? "?")
            return
        }
        var writersByValue: [Int64: [HistoryOperation]] = [:]
        for operation in history.acknowledged where operation.kind == .completeModify {
            guard let written = value(operation) else { continue }
            writersByValue[written, default: []].append(operation)
        }
        for value in writersByValue.keys.sorted() {
            guard let writers = writersByValue[value] else { continue }
            if value > finalValue {
                for writer in writers {
                    tally.record(
                        writer, windows.window(explaining: writer),
                        what: "complete-modify of \(noun) \(value) (final \(noun) \(finalValue))")
                }
                continue
            }
            guard writers.count > 1 else { continue }
            // k writers of one value: k − 1 were overwritten. Blame the ones a window explains
            // first (async, then split brain), then the earliest.
            let ranked = writers.map { ($0, windows.window(explaining: $0)) }.sorted { first, second in
                (Self.rank(first.1), first.0.completeNanoseconds) < (Self.rank(second.1), second.0.completeNanoseconds)
            }
            for (writer, window) in ranked.prefix(writers.count - 1) {
                tally.record(
                    writer, window,
                    what: "complete-modify of \(noun) \(value), acknowledged \(writers.count) times (overwritten)")
            }
        }
    }

    static func rank(_ window: LossWindow?) -> Int {
        switch window?.cause {
        case .asyncWindow: 0
        case .splitBrain: 1
        default: 2
        }
    }

    // MARK: - counter

    func checkCounter(_ history: KeyHistory, read: HistoryOperation, windows: FailoverWindows, tally: inout Tally) {
        guard let finalValue = read.counter else {
            tally.undecidedKeys.append(read.key)
            return
        }
        var base: Int64 = 0
        var certain: Int64 = 0
        var unknownUp: Int64 = 0
        var unknownDown: Int64 = 0
        for operation in history.acknowledged {
            switch operation.kind {
            case .counterCreate: base = operation.counter ?? 0
            case .increment: certain &+= operation.delta ?? 0
            case .decrement: certain &-= operation.delta ?? 0
            default: break
            }
        }
        for operation in history.unknown {
            switch operation.kind {
            case .counterCreate: base = operation.counter ?? base
            case .increment: unknownUp &+= operation.delta ?? 0
            case .decrement: unknownDown &+= operation.delta ?? 0
            default: break
            }
        }
        let low = base &+ certain &- unknownDown
        let high = base &+ certain &+ unknownUp
        let expected = low == high ? "\(low)" : "\(low)…\(high)"
        let missing: Int64
        let candidates: [HistoryOperation]
        if finalValue < low {
            missing = low - finalValue
            candidates = history.acknowledged.filter { $0.kind == .increment }
        } else if finalValue > high {
            missing = finalValue - high
            candidates = history.acknowledged.filter { $0.kind == .decrement }
        } else {
            return
        }
        let direction = finalValue < low ? "increment" : "decrement"
        var remaining = missing
        let classified = candidates.map { ($0, windows.window(explaining: $0)) }
        let inWindows = classified.filter { $0.1 != nil }.sorted { first, second in
            (Self.rank(first.1), -first.0.completeNanoseconds) < (Self.rank(second.1), -second.0.completeNanoseconds)
        }
        let counterNote = "counter \(read.key): final \(finalValue), expected \(expected)"
        for (operation, window) in inWindows where remaining > 0 {
            remaining -= operation.delta ?? 1
            tally.record(
                operation, window,
                what: "\(direction) by \(operation.delta ?? 0) (\(counterNote); counters commute, attributed by amount)"
            )
        }
        guard remaining > 0 else { return }
        // The windows cannot cover it: the fewest other acknowledged operations that do.
        let outside = classified.filter { $0.1 == nil }.map(\.0).sorted { ($0.delta ?? 0) > ($1.delta ?? 0) }
        for operation in outside where remaining > 0 {
            remaining -= operation.delta ?? 1
            tally.record(
                operation, nil,
                what:
                    "\(direction) by \(operation.delta ?? 0) (\(counterNote); exact operation unknown, the windows cover only part)"
            )
        }
        if remaining > 0 {
            tally.lost[.unexplained, default: 0] += 1
            tally.evidence.append(
                CheckEvidence(
                    kind: "lost-unexplained",
                    text: "\(counterNote): \(remaining) beyond any acknowledged \(direction) (value impossible)",
                    operationIDs: [read.id], startNanoseconds: read.invokeNanoseconds,
                    endNanoseconds: read.completeNanoseconds, isViolation: true))
        }
    }
}
