import Testing

@testable import LabCheckers

@Suite struct LinearizabilityCheckerTests {
    static let milliseconds: Int64 = 1_000_000
    static let pair = [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)]

    /// A register operation over [from, to] milliseconds.
    static func operation(
        _ id: Int, _ kind: OperationKind, _ value: String?, from: Int64, to: Int64, client: Int = 0,
        key: String = "register-0", outcome: OperationOutcome = .ok, node: String = "node1"
    ) -> HistoryOperation {
        HistoryOperation(
            id: id, client: client, workload: "register", kind: kind, key: key, node: node,
            invokeNanoseconds: from * milliseconds, completeNanoseconds: to * milliseconds, outcome: outcome,
            data: kind == .snapshot ? nil : value, read: kind == .snapshot ? value : nil)
    }

    static func check(
        _ history: [HistoryOperation], status: [StatusObservation] = [], budget: Duration = .seconds(10)
    ) -> CheckResult {
        LinearizabilityChecker(budget: budget).check(RunRecording(nodes: pair, history: history, status: status))
    }

    /// node1 leads at epoch 1 until it is killed at 1 s; node2 (its secondary) promotes at about
    /// 5.02 s (epoch 2), first seen PRIMARY at 5.050 s; the bracket is (5.000 s, 5.050 s].
    static func failoverStatus() -> [StatusObservation] {
        var status: [StatusObservation] = []
        for step in 0..<200 {
            let time = Int64(step) * 50 * milliseconds
            status.append(
                time < 1_000 * milliseconds
                    ? StatusObservation(timeNanoseconds: time, node: "node1", role: "PRIMARY", epoch: 1)
                    : StatusObservation(timeNanoseconds: time, node: "node1", reachable: false, role: "", epoch: 0))
            let promoted = time >= 5_050 * milliseconds
            status.append(
                StatusObservation(
                    timeNanoseconds: time, node: "node2", role: promoted ? "PRIMARY" : "SECONDARY",
                    epoch: promoted ? 2 : 1))
        }
        return status
    }

    @Test func sequentialHistoryIsLinearizable() {
        let result = Self.check([
            Self.operation(1, .create, "a", from: 0, to: 1),
            Self.operation(2, .snapshot, "a", from: 2, to: 3),
            Self.operation(3, .update, "b", from: 4, to: 5),
            Self.operation(4, .snapshot, "b", from: 6, to: 7),
            Self.operation(5, .update, "c", from: 8, to: 9),
            Self.operation(6, .snapshot, "c", from: 10, to: 11),
        ])
        #expect(result.verdict == .ok)
        #expect(result.checker == "linearizability")
        #expect(result.figure("linearizability.keys") == 1)
        #expect(result.figure("linearizability.operations") == 6)
        #expect(result.figure("linearizability.skipped") == 0)
        #expect(result.figure("linearizability.violations") == 0)
        #expect(result.figure("linearizability.unknown-keys") == 0)
    }

    @Test func concurrentReadMaySeeEitherValue() {
        let create = Self.operation(1, .create, "a", from: 0, to: 1)
        let write = Self.operation(2, .update, "b", from: 10, to: 20, client: 1)
        for seen in ["a", "b"] {
            let read = Self.operation(3, .snapshot, seen, from: 12, to: 18, client: 2)
            #expect(Self.check([create, write, read]).verdict == .ok, "read \(seen)")
        }
        // Two concurrent reads may see the old then the new value, but not the new then the old.
        let oldThenNew = [
            create, write, Self.operation(3, .snapshot, "a", from: 11, to: 13, client: 2),
            Self.operation(4, .snapshot, "b", from: 14, to: 16, client: 2),
        ]
        #expect(Self.check(oldThenNew).verdict == .ok)
        let newThenOld = [
            create, write, Self.operation(3, .snapshot, "b", from: 11, to: 13, client: 2),
            Self.operation(4, .snapshot, "a", from: 14, to: 16, client: 2),
        ]
        #expect(Self.check(newThenOld).verdict == .violation)
    }

    @Test func staleReadAfterCompletedWriteIsAViolation() throws {
        let result = Self.check([
            Self.operation(1, .create, "a", from: 0, to: 1),
            Self.operation(2, .update, "b", from: 2, to: 3, client: 1),
            Self.operation(3, .snapshot, "a", from: 4, to: 5, client: 2),
        ])
        #expect(result.verdict == .violation)
        #expect(result.figure("linearizability.violations") == 1)
        let evidence = try #require(result.evidence.first)
        #expect(evidence.isViolation)
        #expect(evidence.kind == "unexplained-read")
        #expect(evidence.operationIDs.contains(3))
        #expect(evidence.text.contains("register-0"))
        #expect(evidence.text.contains("snapshot #3"))
        #expect(evidence.text.contains("stale, written by create #1"))
        #expect(evidence.text.contains("overwritten by update #2"))
        #expect(evidence.operationIDs == [2, 3])
        #expect(evidence.startNanoseconds != nil && evidence.endNanoseconds != nil)
    }

    @Test func readOfAValueNeverWrittenIsAViolation() throws {
        let result = Self.check([
            Self.operation(1, .create, "a", from: 0, to: 1),
            Self.operation(2, .update, "b", from: 2, to: 3, client: 1),
            Self.operation(3, .snapshot, "zzz", from: 2, to: 5, client: 2),
        ])
        #expect(result.verdict == .violation)
        let evidence = try #require(result.evidence.first)
        #expect(evidence.text.contains("a value never written"))
        #expect(evidence.operationIDs.contains(3))
    }

    @Test func failedWriteIsNeverSeen() {
        let history = [
            Self.operation(1, .create, "a", from: 0, to: 1),
            Self.operation(2, .update, "b", from: 2, to: 3, client: 1, outcome: .fail),
            Self.operation(3, .snapshot, "b", from: 4, to: 5, client: 2),
        ]
        #expect(Self.check(history).verdict == .violation)
    }

    @Test func unknownWriteMayExplainALaterRead() {
        let result = Self.check([
            Self.operation(1, .create, "a", from: 0, to: 1),
            Self.operation(2, .update, "b", from: 2, to: 3, client: 1, outcome: .unknown),
            Self.operation(3, .snapshot, "a", from: 10, to: 11, client: 2),
            // Took effect long after the client gave up on it.
            Self.operation(4, .snapshot, "b", from: 20, to: 21, client: 2),
            Self.operation(5, .snapshot, "b", from: 30, to: 31, client: 2),
        ])
        #expect(result.verdict == .ok)
        // But once it is seen, it cannot be un-seen.
        let flipFlop = Self.check([
            Self.operation(1, .create, "a", from: 0, to: 1),
            Self.operation(2, .update, "b", from: 2, to: 3, client: 1, outcome: .unknown),
            Self.operation(3, .snapshot, "b", from: 10, to: 11, client: 2),
            Self.operation(4, .snapshot, "a", from: 20, to: 21, client: 2),
        ])
        #expect(flipFlop.verdict == .violation)
    }

    @Test func unknownWriteNeverObservedIsFine() {
        let result = Self.check([
            Self.operation(1, .create, "a", from: 0, to: 1),
            Self.operation(2, .update, "b", from: 2, to: 3, client: 1, outcome: .unknown),
            Self.operation(3, .snapshot, "a", from: 10, to: 11, client: 2),
            Self.operation(4, .update, "c", from: 12, to: 13, client: 2),
            Self.operation(5, .snapshot, "c", from: 20, to: 21, client: 2),
            // An unknown read says nothing, even an impossible one.
            Self.operation(6, .snapshot, "zzz", from: 22, to: 23, client: 2, outcome: .unknown),
        ])
        #expect(result.verdict == .ok)
        #expect(result.figure("linearizability.operations") == 5)
    }

    @Test func olderValueAfterPromotionIsAllowedButNotInsideAnEpoch() throws {
        let history = [
            Self.operation(1, .create, "a", from: 10, to: 11),
            Self.operation(2, .update, "b", from: 100, to: 200, client: 1),
            // Acknowledged by node1 at epoch 1, not replicated before it died: lost at the failover.
            Self.operation(3, .update, "c", from: 300, to: 400, client: 1),
            Self.operation(4, .snapshot, "c", from: 500, to: 600, client: 2),
            // Epoch 2 on node2: it only had "b".
            Self.operation(5, .snapshot, "b", from: 6_000, to: 6_010, client: 2, node: "node2"),
            Self.operation(6, .snapshot, "b", from: 6_100, to: 6_110, client: 2, node: "node2"),
        ]
        let split = Self.check(history, status: Self.failoverStatus())
        #expect(split.verdict == .ok)
        #expect(split.figure("linearizability.operations") == 6)
        // Without the promotion, reading "b" after "c" was read is stale.
        #expect(Self.check(history).verdict == .violation)

        // Within epoch 2, the usual rules apply: a write then a stale read of the older value.
        let inEpoch = Self.check(
            history + [
                Self.operation(7, .update, "d", from: 6_200, to: 6_210, client: 1, node: "node2"),
                Self.operation(8, .snapshot, "b", from: 6_300, to: 6_310, client: 2, node: "node2"),
            ], status: Self.failoverStatus())
        #expect(inEpoch.verdict == .violation)
        let evidence = try #require(inEpoch.evidence.first)
        #expect(evidence.text.contains("epoch 2"))
        #expect(evidence.operationIDs.contains(8))
    }

    @Test func valueAfterPromotionMustHaveBeenWrittenBefore() {
        let history = [
            Self.operation(1, .create, "a", from: 10, to: 11),
            Self.operation(2, .update, "b", from: 100, to: 200, client: 1),
            // Epoch 2 starts with a value written only later: not an earlier value.
            Self.operation(3, .snapshot, "c", from: 6_000, to: 6_010, client: 2, node: "node2"),
            Self.operation(4, .update, "c", from: 7_000, to: 7_010, client: 1, node: "node2"),
        ]
        let result = Self.check(history, status: Self.failoverStatus())
        #expect(result.verdict == .violation)
        #expect(result.evidence.first?.text.contains("invoked after the read completed") == true)
    }

    @Test func operationsAcrossThePromotionBracketAreSkipped() {
        let history = [
            Self.operation(1, .create, "a", from: 10, to: 11),
            // Straddles (5.000 s, 5.050 s]: it may have landed before or after the promotion.
            Self.operation(2, .update, "b", from: 4_990, to: 5_200, client: 1, node: "node2"),
            // Straddling read: skipped, whatever it saw.
            Self.operation(3, .snapshot, "zzz", from: 4_995, to: 5_100, client: 3, node: "node2"),
            // The first write of epoch 2 started before the straddling write completed ...
            Self.operation(4, .update, "c", from: 5_100, to: 5_150, client: 2, node: "node2"),
            // ... so "b" may have landed after "c".
            Self.operation(5, .snapshot, "b", from: 5_300, to: 5_310, client: 2, node: "node2"),
        ]
        let result = Self.check(history, status: Self.failoverStatus())
        #expect(result.verdict == .ok)
        #expect(result.figure("linearizability.skipped") == 2)
        #expect(result.figure("linearizability.operations") == 3)
        // Had "c" started after "b" completed, "b" could not follow it.
        var later = history
        later[3] = Self.operation(4, .update, "c", from: 5_250, to: 5_260, client: 2, node: "node2")
        later[4] = Self.operation(5, .snapshot, "b", from: 5_300, to: 5_310, client: 2, node: "node2")
        #expect(Self.check(later, status: Self.failoverStatus()).verdict == .violation)
    }

    @Test func keysAreCheckedIndependently() throws {
        var history: [HistoryOperation] = []
        for (index, key) in ["register-0", "register-1", "register-2"].enumerated() {
            let base = index * 10
            history += [
                Self.operation(base + 1, .create, "\(key)-a", from: 0, to: 1, key: key),
                Self.operation(base + 2, .update, "\(key)-b", from: 2, to: 3, client: 1, key: key),
                Self.operation(
                    base + 3, .snapshot, key == "register-1" ? "\(key)-a" : "\(key)-b", from: 4, to: 5, client: 2,
                    key: key),
                // Same value name under another key does not count as written here.
                Self.operation(base + 4, .snapshot, "\(key)-b", from: 6, to: 7, client: 2, key: key),
            ]
        }
        let result = Self.check(history)
        #expect(result.verdict == .violation)
        #expect(result.figure("linearizability.keys") == 3)
        #expect(result.figure("linearizability.violations") == 1)
        #expect(result.evidence.count == 1)
        let evidence = try #require(result.evidence.first)
        #expect(evidence.text.hasPrefix("register-1"))
        #expect(evidence.operationIDs.allSatisfy { (11...14).contains($0) })
    }

    @Test func zeroBudgetIsUnknown() {
        let history = [
            Self.operation(1, .create, "a", from: 0, to: 1),
            Self.operation(2, .update, "b", from: 2, to: 3, client: 1),
            Self.operation(3, .snapshot, "a", from: 4, to: 5, client: 2),
            Self.operation(4, .create, "x", from: 0, to: 1, key: "register-1"),
        ]
        let result = Self.check(history, budget: .zero)
        #expect(result.verdict == .unknown)
        #expect(result.figure("linearizability.unknown-keys") == 2)
        #expect(result.figure("linearizability.violations") == 0)
        #expect(result.evidence.first?.kind == "search-budget-exhausted")
    }

    @Test func hopelessSearchEndsUnknownNotWrong() {
        // 40 concurrent writes and a concurrent read of a value nobody wrote: proving the
        // violation means trying every subset of the writes, far beyond a 50 ms budget.
        var history = [Self.operation(1, .create, "a", from: 0, to: 1)]
        for writer in 0..<40 {
            history.append(Self.operation(2 + writer, .update, "value-\(writer)", from: 10, to: 100, client: writer))
        }
        history.append(Self.operation(50, .snapshot, "zzz", from: 10, to: 100, client: 99))
        history.append(Self.operation(51, .create, "x", from: 0, to: 1, key: "register-1"))
        let result = Self.check(history, budget: .milliseconds(50))
        #expect(result.verdict == .unknown)
        #expect(result.figure("linearizability.unknown-keys") == 1)
        #expect(result.evidence.first?.text.contains("register-0") == true)
    }

    @Test func otherWorkloadsAndEmptyRunsAreIgnored() {
        var counter = Self.operation(1, .snapshot, "zzz", from: 0, to: 1)
        counter.workload = "session"
        let result = Self.check([counter])
        #expect(result.verdict == .ok)
        #expect(result.figure("linearizability.keys") == 0)
    }
}
