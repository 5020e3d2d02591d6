/// Splits a run's `register` operations per key (P-compositionality: a history is linearizable
/// iff each object's sub-history is) and, within a key, per epoch: at each promotion of the
/// key's pair asynchronous replication may legitimately lose writes, so the register is only
/// required to be linearizable between promotions.
///
/// Placement rules (the promotion instant is only known to lie inside a bracket):
/// - `fail` operations did not happen and `unknown` reads say nothing: dropped.
/// - An acknowledged read or write wholly between two brackets is required in that segment.
/// - An acknowledged operation whose interval overlaps a bracket is required nowhere (skipped).
///   A skipped write still happened, before or after the promotion, so it stays available, not
///   required, in each segment its interval reaches, due by its completion if that falls inside.
/// - An `unknown` write may take effect at any time after its invocation: it is available, not
///   required and without deadline, in the segment where it was invoked and every later one.
/// - A later segment starts from any value written (invoked) before it began.
/// - A write that is not required and whose value no read of the segment saw is left out of that
///   segment: a linearization that places it stays one without it (no read sits between it and
///   the next write), and the search would otherwise try it at every step.
enum RegisterHistoryPartition {
    static func keys(of recording: RunRecording, workload: String) -> [RegisterKeyHistory] {
        // Positions, not copies: a history operation is large.
        var positionsByKey: [String: [Int]] = [:]
        for (position, operation) in recording.history.enumerated() where operation.workload == workload {
            positionsByKey[operation.key, default: []].append(position)
        }
        let timeline = LeadershipTimeline(recording: recording)
        var pairByNode: [String: Int] = [:]
        for node in recording.nodes { pairByNode[node.name] = node.pair }
        return positionsByKey.keys.sorted().map { key in
            keyHistory(
                key: key, positions: positionsByKey[key]!, of: recording.history, timeline: timeline,
                pairByNode: pairByNode)
        }
    }

    static func keyHistory(
        key: String, positions: [Int], of history: [HistoryOperation], timeline: LeadershipTimeline,
        pairByNode: [String: Int]
    ) -> RegisterKeyHistory {
        let pairs = Set(positions.compactMap { pairByNode[history[$0].node] }).sorted()
        let brackets = PromotionBracket.brackets(of: pairs, timeline: timeline)

        // Writes that may have happened, and acknowledged reads of a value.
        let writes = positions.filter {
            (history[$0].kind == .create || history[$0].kind == .update) && history[$0].data != nil
                && history[$0].outcome != .fail
        }.sorted {
            (history[$0].invokeNanoseconds, history[$0].id) < (history[$1].invokeNanoseconds, history[$1].id)
        }
        let reads = positions.filter {
            history[$0].kind == .snapshot && history[$0].outcome == .ok && history[$0].read != nil
        }

        // Intern values: written ones in order of their first write's invocation, then the rest.
        var valueNumbers: [String: Int32] = [:]
        var values: [String] = []
        func intern(_ value: String) -> Int32 {
            if let number = valueNumbers[value] { return number }
            let number = Int32(values.count)
            valueNumbers[value] = number
            values.append(value)
            return number
        }
        let writeValues = writes.map { intern(history[$0].data!) }
        let readValues = reads.map { intern(history[$0].read!) }

        func registerOperation(_ position: Int, value: Int32, deadline: Int64?, isRequired: Bool) -> RegisterOperation {
            RegisterOperation(
                id: history[position].id, kind: history[position].kind, client: history[position].client,
                node: history[position].node, isWrite: history[position].kind != .snapshot, value: value,
                invokeNanoseconds: history[position].invokeNanoseconds, deadlineNanoseconds: deadline,
                isRequired: isRequired, completeNanoseconds: history[position].completeNanoseconds,
                outcome: history[position].outcome)
        }

        // Segment s runs from the end of bracket s-1 to the start of bracket s.
        let segmentCount = brackets.count + 1
        func segmentStart(_ segment: Int) -> Int64? { segment == 0 ? nil : brackets[segment - 1].endNanoseconds }
        func segmentEnd(_ segment: Int) -> Int64? {
            segment == brackets.count ? nil : brackets[segment].startNanoseconds
        }
        func ownSegment(invokeNanoseconds: Int64) -> Int {
            brackets.reduce(0) { $0 + ($1.endNanoseconds <= invokeNanoseconds ? 1 : 0) }
        }
        var segmentOperations = [[RegisterOperation]](repeating: [], count: segmentCount)
        var operationCount = 0
        var skippedCount = 0

        for (read, value) in zip(reads, readValues) {
            if brackets.contains(where: {
                $0.overlaps(
                    invokeNanoseconds: history[read].invokeNanoseconds,
                    completeNanoseconds: history[read].completeNanoseconds)
            }) {
                skippedCount += 1
                continue
            }
            let segment = ownSegment(invokeNanoseconds: history[read].invokeNanoseconds)
            segmentOperations[segment].append(
                registerOperation(read, value: value, deadline: history[read].completeNanoseconds, isRequired: true))
            operationCount += 1
        }

        var keyWrites: [RegisterOperation] = []
        for (write, value) in zip(writes, writeValues) {
            let isUnknown = history[write].outcome == .unknown
            let complete: Int64? = isUnknown ? nil : history[write].completeNanoseconds
            keyWrites.append(registerOperation(write, value: value, deadline: complete, isRequired: !isUnknown))
            let straddles =
                isUnknown
                ? brackets.contains {
                    $0.startNanoseconds < history[write].invokeNanoseconds
                        && history[write].invokeNanoseconds < $0.endNanoseconds
                }
                : brackets.contains {
                    $0.overlaps(invokeNanoseconds: history[write].invokeNanoseconds, completeNanoseconds: complete)
                }
            if straddles { skippedCount += 1 } else { operationCount += 1 }
            if !isUnknown && !straddles {
                let segment = ownSegment(invokeNanoseconds: history[write].invokeNanoseconds)
                segmentOperations[segment].append(
                    registerOperation(write, value: value, deadline: complete, isRequired: true))
                continue
            }
            // Available, not required, wherever its interval reaches.
            for segment in 0..<segmentCount {
                let reachesSegmentEnd = segmentEnd(segment).map { history[write].invokeNanoseconds < $0 } ?? true
                let reachesSegmentStart = segmentStart(segment).map { (complete ?? Int64.max) > $0 } ?? true
                guard reachesSegmentEnd && reachesSegmentStart else { continue }
                let deadline = complete.flatMap { complete in
                    segmentEnd(segment).map { complete <= $0 } ?? true ? complete : nil
                }
                segmentOperations[segment].append(
                    registerOperation(write, value: value, deadline: deadline, isRequired: false))
            }
        }

        let firstEpoch = pairs.count == 1 ? timeline.terms(inPair: pairs[0]).first?.epoch : nil
        var segments: [RegisterSegment] = []
        for segment in 0..<segmentCount {
            let valuesRead = Set(segmentOperations[segment].lazy.filter { !$0.isWrite }.map(\.value))
            segmentOperations[segment].removeAll { !$0.isRequired && !valuesRead.contains($0.value) }
            let start = segmentStart(segment)
            var earlierValueLimit: Int32 = 0
            if let start {
                for (write, value) in zip(writes, writeValues) where history[write].invokeNanoseconds < start {
                    earlierValueLimit = max(earlierValueLimit, value + 1)
                }
            }
            segments.append(
                RegisterSegment(
                    key: key, index: segment, epoch: segment == 0 ? firstEpoch : brackets[segment - 1].epoch,
                    startNanoseconds: start, endNanoseconds: segmentEnd(segment),
                    operations: segmentOperations[segment].sorted {
                        ($0.invokeNanoseconds, $0.id) < ($1.invokeNanoseconds, $1.id)
                    },
                    initialState: segment == 0 ? RegisterState.absent : RegisterState.anyEarlierValue,
                    earlierValueLimit: earlierValueLimit))
        }
        return RegisterKeyHistory(
            key: key, values: values, writes: keyWrites, segments: segments, operationCount: operationCount,
            skippedCount: skippedCount)
    }
}
