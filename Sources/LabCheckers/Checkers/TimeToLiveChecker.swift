/// `ttl`: nothing is readable well after it expired (api.md §8).
///
/// A write with a TTL (`ttl_ms`; create, create-by-name, complete-modify, update, increment,
/// decrement) sets expiry = request start + TTL, the request start lying in [invoke, complete];
/// the TTL travels in whole seconds, so the latest possible expiry it set is
/// complete + TTL rounded up to a second. A create without a TTL gets 14 days (never expires in
/// a run). The latest possible expiry at a read is the maximum over every such write (that may
/// have happened) invoked before the read completed — an upper bound, so the checker never
/// flags a store some write could have kept alive.
///
/// A successful snapshot, counter-get or begin-modify invoked more than a slack (default 1 s)
/// after that bound is a violation. Skew faults move the serving node's wall clock, so the
/// largest absolute skew applied in the pair is added to the slack. Per store, writes are kept
/// in invocation order with a running maximum; each read binary-searches them: n log n.
public struct TimeToLiveChecker: RunChecker {
    public let name = "ttl"
    public var slackNanoseconds: Int64

    static let defaultTimeToLiveNanoseconds: Int64 = 1_209_600 * 1_000_000_000

    public init(slackNanoseconds: Int64 = 1_000_000_000) {
        self.slackNanoseconds = slackNanoseconds
    }

    public func check(_ recording: RunRecording) -> CheckResult {
        // Per store: (invoke, running maximum of the latest possible expiry).
        var expiries: [String: [(invokeNanoseconds: Int64, latestExpiryNanoseconds: Int64)]] = [:]
        for operation in recording.history where operation.outcome != .fail {
            guard let store = operation.store, let expiry = Self.latestExpiry(setBy: operation) else { continue }
            let running = max(expiry, expiries[store]?.last?.latestExpiryNanoseconds ?? .min)
            expiries[store, default: []].append((operation.invokeNanoseconds, running))
        }
        var skewByPair: [Int: Int64] = [:]
        for fault in recording.faults {
            guard case .skew(_, let seconds) = fault.request.command else { continue }
            for node in fault.targets {
                guard let pair = recording.pair(of: node) else { continue }
                let magnitude = Int64((seconds < 0 ? -seconds : seconds) * 1e9)
                skewByPair[pair] = max(skewByPair[pair] ?? 0, magnitude)
            }
        }

        var evidence: [CheckEvidence] = []
        var checkedReads = 0
        for read in recording.history where read.outcome == .ok && Self.isRead(read.kind) {
            guard let store = read.store, let writes = expiries[store] else { continue }
            var low = 0
            var high = writes.count
            while low < high {
                let middle = (low + high) / 2
                if writes[middle].invokeNanoseconds < read.completeNanoseconds {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            guard low > 0 else { continue }
            checkedReads += 1
            let latestExpiry = writes[low - 1].latestExpiryNanoseconds
            let pair = recording.pair(of: read.node) ?? 0
            let allowance = slackNanoseconds + (skewByPair[pair] ?? 0)
            guard latestExpiry < .max - allowance, read.invokeNanoseconds > latestExpiry + allowance else { continue }
            evidence.append(
                CheckEvidence(
                    kind: "read-after-expiry",
                    text:
                        "\(read.kind.rawValue) #\(read.id) on \(read.key) (store \(store)) succeeded on \(read.node) at \(TimeText.seconds(read.invokeNanoseconds)), \(TimeText.seconds(read.invokeNanoseconds - latestExpiry)) after the latest possible expiry \(TimeText.seconds(latestExpiry)) (slack \(TimeText.seconds(allowance)))",
                    operationIDs: [read.id], startNanoseconds: latestExpiry, endNanoseconds: read.completeNanoseconds,
                    isViolation: true))
        }
        let summary =
            evidence.isEmpty
            ? "\(checkedReads) read(s) of stores with a known expiry, none after it"
            : "\(evidence.count) read(s) succeeded well after the store expired"
        return CheckResult(
            checker: name, verdict: evidence.isEmpty ? .ok : .violation, summary: summary, evidence: evidence,
            figures: [
                CheckFigure("ttl.reads-checked", Double(checkedReads)),
                CheckFigure("ttl.reads-after-expiry", Double(evidence.count)),
            ])
    }

    static func isRead(_ kind: OperationKind) -> Bool {
        switch kind {
        case .snapshot, .counterGet, .beginModify: true
        default: false
        }
    }

    /// The latest expiry this write could have set; `nil` when it leaves the expiry unchanged.
    static func latestExpiry(setBy operation: HistoryOperation) -> Int64? {
        switch operation.kind {
        case .create, .createByName, .counterCreate:
            guard let milliseconds = operation.ttlMilliseconds else { return .max }
            return operation.completeNanoseconds &+ wholeSeconds(milliseconds)
        case .completeModify, .update, .increment, .decrement:
            guard let milliseconds = operation.ttlMilliseconds else { return nil }
            return operation.completeNanoseconds &+ wholeSeconds(milliseconds)
        default:
            return nil
        }
    }

    /// The TTL as it travels (whole seconds), rounded up: the longest it can be.
    static func wholeSeconds(_ milliseconds: Int64) -> Int64 {
        let seconds = milliseconds >= 0 ? (milliseconds + 999) / 1000 : milliseconds / 1000
        return min(seconds, defaultTimeToLiveNanoseconds / 1_000_000_000) * 1_000_000_000
    }
}
