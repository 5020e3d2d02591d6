/// Turns a ``LinearizationFailure`` into a report item: the key, the epoch, the operations around
/// the point where the search got furthest (the window) and, for each read there that the
/// register's state could not explain, why (never written, written only later, overwritten
/// before the read began, or no order of its concurrent writes fits).
enum LinearizabilityEvidence {
    static func describe(
        _ failure: LinearizationFailure, in segment: RegisterSegment, of key: RegisterKeyHistory
    ) -> CheckEvidence {
        let operations = segment.operations
        let window = failure.window.sorted { operations[$0].id < operations[$1].id }
        let epoch = segment.epoch.map { "epoch \($0)" } ?? "segment \(segment.index + 1)"
        var text =
            "\(key.key) (\(epoch), \(operations.count) operations): no linearization; the search got furthest"
            + " with \(failure.linearizedCount) placed, then \(describe(operations[failure.stuckOperation]))"
            + " could not be placed while the register "
        switch failure.state {
        case RegisterState.absent: text += "was not yet created"
        case RegisterState.anyEarlierValue: text += "still held a value from before the promotion"
        default:
            text += "held \(quoted(key.values[Int(failure.state)]))"
            if let writer = failure.stateWriter { text += " from \(describe(operations[writer]))" }
        }
        let unexplained = window.filter { index in
            let operation = operations[index]
            guard !operation.isWrite else { return false }
            if failure.state == RegisterState.anyEarlierValue { return operation.value >= segment.earlierValueLimit }
            return operation.value != failure.state
        }
        if !unexplained.isEmpty {
            text += ". Unexplained reads: "
            text += unexplained.map { index in
                let read = operations[index]
                return "\(describe(read)) read \(quoted(key.values[Int(read.value)])): "
                    + explanation(of: read, in: segment, of: key)
            }.joined(separator: "; ")
        }
        text += ". Window: " + window.map { "#\(operations[$0].id)" }.joined(separator: ", ")
        // The window, and the write whose value the register held there.
        let involved = (window + (failure.stateWriter.map { [$0] } ?? [])).sorted {
            operations[$0].id < operations[$1].id
        }
        return CheckEvidence(
            kind: unexplained.isEmpty ? "not-linearizable" : "unexplained-read", text: text,
            operationIDs: involved.map { operations[$0].id },
            startNanoseconds: involved.map { operations[$0].invokeNanoseconds }.min(),
            endNanoseconds: involved.map { operations[$0].completeNanoseconds }.max(), isViolation: true)
    }

    /// Why a read's value does not fit, as far as a cheap look at the key's writes can tell.
    static func explanation(of read: RegisterOperation, in segment: RegisterSegment, of key: RegisterKeyHistory)
        -> String
    {
        let writers = key.writes.filter { $0.value == read.value }
        guard let writer = writers.min(by: { $0.invokeNanoseconds < $1.invokeNanoseconds }) else {
            return "a value never written"
        }
        if writer.invokeNanoseconds > read.completeNanoseconds {
            return "written only by \(describe(writer)), invoked after the read completed"
        }
        if writers.allSatisfy({ $0.isRequired }) {
            let latestWriterCompletion = writers.map(\.completeNanoseconds).max()!
            let overwriter = segment.operations.filter {
                $0.isWrite && $0.isRequired && $0.value != read.value
                    && $0.invokeNanoseconds > latestWriterCompletion
                    && $0.completeNanoseconds < read.invokeNanoseconds
            }.max { $0.completeNanoseconds < $1.completeNanoseconds }
            if let overwriter {
                return "stale, written by \(describe(writer)) and overwritten by \(describe(overwriter))"
                    + " before the read began"
            }
        }
        return "written by \(describe(writer)), but no order of the concurrent operations lets this read see it"
    }

    /// `update #812 (client 3, node1, 5.100–5.130 s)`; an open interval for unknown outcomes.
    static func describe(_ operation: RegisterOperation) -> String {
        let end = operation.outcome == .unknown ? "?" : secondsText(operation.completeNanoseconds)
        return "\(operation.kind.rawValue) #\(operation.id) (client \(operation.client), \(operation.node), "
            + "\(secondsText(operation.invokeNanoseconds))–\(end) s)"
    }

    static func quoted(_ value: String) -> String {
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        return "\"\(shown)\""
    }

    /// Lab-clock nanoseconds as seconds with millisecond precision: `5.130`.
    static func secondsText(_ nanoseconds: Int64) -> String {
        let sign = nanoseconds < 0 ? "-" : ""
        let milliseconds = nanoseconds.magnitude / 1_000_000
        let fraction = String(milliseconds % 1_000)
        return sign + String(milliseconds / 1_000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
