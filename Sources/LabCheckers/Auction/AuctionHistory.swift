/// One auction store's part of a run, gathered in one pass over the history: its bids, what
/// every watcher was answered, and the final read.
struct AuctionHistory {
    /// A watch answered with a version (`200` with the content, or `204` unchanged).
    struct Observation {
        var operation: HistoryOperation
        var version: Int64
        /// The content of a `200`; `nil` for a `204`.
        var bid: AuctionBid?
    }

    var key: String
    /// Acknowledged complete-modifies with the bid they wrote.
    var bids: [(operation: HistoryOperation, bid: AuctionBid)] = []
    /// Complete-modifies whose outcome is unknown (they may have happened).
    var unknownBids: [(operation: HistoryOperation, bid: AuctionBid)] = []
    /// Begin-modifies by `id`, to find the first attempt of a bid's cycle.
    var beginsByIdentifier: [Int: HistoryOperation] = [:]
    /// The successful begin-modify of each lock.
    var beginByLock: [String: HistoryOperation] = [:]
    /// Each watcher's answers, in its order (one watch at a time per watcher).
    var observationsByWatcher: [Int: [Observation]] = [:]
    /// The final read (a watch from version 0 after the quiet period).
    var finalRead: Observation?

    /// Groups the `auction` workload's operations (and its final reads) by store key.
    static func gather(_ history: [HistoryOperation]) -> [AuctionHistory] {
        var byKey: [String: AuctionHistory] = [:]
        var order: [String] = []
        func add(_ operation: HistoryOperation, _ update: (inout AuctionHistory) -> Void) {
            if byKey[operation.key] == nil {
                byKey[operation.key] = AuctionHistory(key: operation.key)
                order.append(operation.key)
            }
            update(&byKey[operation.key]!)
        }
        for operation in history where operation.workload == "auction" {
            switch operation.kind {
            case .completeModify:
                guard let bid = AuctionBid(content: operation.data ?? "") else { continue }
                if operation.outcome == .ok {
                    add(operation) { $0.bids.append((operation, bid)) }
                } else if operation.outcome == .unknown {
                    add(operation) { $0.unknownBids.append((operation, bid)) }
                }
            case .beginModify:
                add(operation) { auction in
                    auction.beginsByIdentifier[operation.id] = operation
                    if operation.outcome == .ok, let lock = operation.lock { auction.beginByLock[lock] = operation }
                }
            case .watch:
                guard operation.outcome == .ok, let version = operation.version else { continue }
                let observation = Observation(
                    operation: operation, version: version, bid: operation.read.flatMap { AuctionBid(content: $0) })
                add(operation) { $0.observationsByWatcher[operation.client, default: []].append(observation) }
            default: continue
            }
        }
        for operation in history
        where operation.workload == "final" && operation.kind == .watch && operation.outcome == .ok {
            guard var auction = byKey[operation.key], let version = operation.version else { continue }
            auction.finalRead = Observation(
                operation: operation, version: version, bid: operation.read.flatMap { AuctionBid(content: $0) })
            byKey[operation.key] = auction
        }
        return order.compactMap { byKey[$0] }.map { auction in
            var sorted = auction
            for (watcher, observations) in sorted.observationsByWatcher {
                sorted.observationsByWatcher[watcher] = observations.sorted { $0.operation.id < $1.operation.id }
            }
            return sorted
        }
    }

    /// The invocation of the cycle that ended in `completion`: the first attempt of the
    /// begin-modify that granted its lock (retries name the attempt they repeat).
    func cycleStart(of completion: HistoryOperation) -> Int64 {
        guard let lock = completion.lock, var begin = beginByLock[lock] else { return completion.invokeNanoseconds }
        while let earlier = begin.retryOf.flatMap({ beginsByIdentifier[$0] }) { begin = earlier }
        return begin.invokeNanoseconds
    }
}
