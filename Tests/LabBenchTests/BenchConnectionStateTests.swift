import Testing

@testable import LabBench

@Suite struct BenchConnectionStateTests {
    static let ok = BenchResponse(status: 200)
    static let locked = BenchResponse(status: 409, errorCode: "StoreLocked")
    static let lock = BenchResponse(status: 200, lockID: Array("L".utf8))

    /// A connection with a window of [1000, 2000) ns after a warm-up from 0.
    static func plan(_ operation: BenchOperation, interval: Double? = nil, stores: [Int] = [3, 7])
        -> BenchConnectionPlan
    {
        BenchConnectionPlan(
            operation: operation, blobStores: stores, counterStores: [5], mixOffset: 0, intervalNanoseconds: interval,
            firstDueNanoseconds: 0,
            window: BenchWindow(startNanoseconds: 1000, endNanoseconds: 2000, countsByDueTime: interval != nil))
    }

    @Test func closedLoopSendsTheNextRequestAtOnceAndCountsOnlyTheWindow() {
        var state = BenchConnectionState(plan: Self.plan(.update))
        var measurement = BenchMeasurement(window: state.plan.window)
        #expect(state.start(at: 900, into: &measurement) == .send(.prerendered(.update, store: 3)))
        // Completes at 1100 (inside the window) after starting in the warm-up: counted.
        #expect(state.received(Self.ok, at: 1100, into: &measurement) == .send(.prerendered(.update, store: 7)))
        #expect(state.received(Self.locked, at: 1500, into: &measurement) == .send(.prerendered(.update, store: 3)))
        // Past the end: finished, and the answer that completed after the window is not counted.
        #expect(state.received(Self.ok, at: 2100, into: &measurement) == .finished)
        #expect(state.isFinished)
        let update = measurement.statistics(of: .update)
        #expect(update.successes == 1)
        #expect(update.failuresByKey == ["409 StoreLocked": 1])
        #expect(update.requests == 2)
        #expect(update.latency.summary.max == 0.2)
        #expect(state.operationsFinished == 3)
        #expect(state.operationsFailed == 1)
    }

    @Test func modifyIsBeginThenCompleteWithTheLockIDAndFailuresAreNotRetried() {
        var state = BenchConnectionState(plan: Self.plan(.modify, stores: [4]))
        var measurement = BenchMeasurement(window: state.plan.window)
        #expect(state.start(at: 1000, into: &measurement) == .send(.prerendered(.beginModify, store: 4)))
        #expect(
            state.received(Self.lock, at: 1100, into: &measurement)
                == .send(.completeModify(store: 4, lockID: Array("L".utf8))))
        #expect(state.received(Self.ok, at: 1300, into: &measurement) == .send(.prerendered(.beginModify, store: 4)))
        // StoreLocked at begin: counted, and the next operation is a new cycle.
        #expect(
            state.received(Self.locked, at: 1400, into: &measurement) == .send(.prerendered(.beginModify, store: 4)))
        // A begin-modify answered 200 without a lock ID.
        #expect(state.received(Self.ok, at: 1500, into: &measurement) == .send(.prerendered(.beginModify, store: 4)))
        #expect(
            state.received(Self.lock, at: 1600, into: &measurement) == .send(.completeModify(store: 4, lockID: [76])))
        #expect(
            state.received(BenchResponse(status: 410, errorCode: "StoreExpired"), at: 1700, into: &measurement)
                == .send(.prerendered(.beginModify, store: 4)))
        let modify = measurement.statistics(of: .modify)
        #expect(modify.successes == 1)
        #expect(modify.latency.summary.max == 0.3)
        #expect(
            modify.failuresByKey == [
                "begin-modify 409 StoreLocked": 1, "begin-modify 200 without lock ID": 1,
                "complete-modify 410 StoreExpired": 1,
            ])
        #expect(modify.requests == 2 + 1 + 1 + 2)
    }

    @Test func openLoopWaitsForDueTimesAndChargesLatencyFromThem() {
        // Due at 0, 400, 800, 1200, 1600 (window [1000, 2000)).
        var state = BenchConnectionState(plan: Self.plan(.snapshot, interval: 400))
        var measurement = BenchMeasurement(window: state.plan.window)
        #expect(state.start(at: 0, into: &measurement) == .send(.prerendered(.snapshot, store: 3)))
        #expect(state.received(Self.ok, at: 100, into: &measurement) == .waitUntil(400))
        #expect(state.timerFired(at: 400, into: &measurement) == .send(.prerendered(.snapshot, store: 7)))
        // A stall: the answer comes at 1300; the operation due at 800 leaves late, at once.
        #expect(state.received(Self.ok, at: 1300, into: &measurement) == .send(.prerendered(.snapshot, store: 3)))
        // Due at 1200, sent at 1310 (lag 110), answered at 1320: latency 120 from the due time.
        #expect(state.received(Self.ok, at: 1310, into: &measurement) == .send(.prerendered(.snapshot, store: 7)))
        #expect(state.received(Self.ok, at: 1320, into: &measurement) == .waitUntil(1600))
        #expect(state.timerFired(at: 1600, into: &measurement) == .send(.prerendered(.snapshot, store: 3)))
        #expect(state.received(Self.ok, at: 1650, into: &measurement) == .finished)
        let snapshot = measurement.statistics(of: .snapshot)
        // Counted by due time: 1200 and 1600 (800 was due before the window).
        #expect(snapshot.successes == 2)
        #expect(snapshot.latency.summary.max == 0.1)
        #expect(measurement.sendLag.count == 2)
        #expect(measurement.sendLag.summary.max == 0.1)
        #expect(measurement.unsentOperations == 0)
    }

    @Test func openLoopCountsWhatIsStillDueWhenItRunsOutOfTime() {
        // Due every 100 ns; the window [1000, 2000) holds 10 operations.
        var state = BenchConnectionState(plan: Self.plan(.snapshot, interval: 100))
        var measurement = BenchMeasurement(window: state.plan.window)
        _ = state.start(at: 1000 - 50, into: &measurement)  // due 0, sent late
        // Answered after the end: operations due at 100…1900 were never sent; 10 of them in the window.
        #expect(state.received(Self.ok, at: 2500, into: &measurement) == .finished)
        #expect(measurement.unsentOperations == 10)
    }

    @Test func abandonedOperationsAreFailuresAndUnansweredOnesAreCounted() {
        var state = BenchConnectionState(plan: Self.plan(.snapshot))
        var measurement = BenchMeasurement(window: state.plan.window)
        _ = state.start(at: 1500, into: &measurement)
        state.abandoned(reason: "no answer within the drain timeout", unanswered: true, at: 9000, into: &measurement)
        #expect(state.isFinished)
        #expect(measurement.unansweredAtEnd == 1)
        #expect(measurement.statistics(of: .snapshot).failuresByKey == ["no answer within the drain timeout": 1])
        // Nothing more happens on a finished connection.
        #expect(state.received(Self.ok, at: 9100, into: &measurement) == .finished)
    }

    @Test func mixFollowsTheCycleAndRecordsUnderBoth() {
        var state = BenchConnectionState(plan: Self.plan(.mix))
        var measurement = BenchMeasurement(window: state.plan.window)
        var step = state.start(at: 1000, into: &measurement)
        var kinds: [BenchRequestKind] = []
        var time: Int64 = 1000
        while case .send(let request) = step, kinds.count < 40 {
            time += 10
            switch request {
            case .prerendered(let kind, let store):
                kinds.append(kind)
                if kind == .increment { #expect(store == 5) }
                step = state.received(kind == .beginModify ? Self.lock : Self.ok, at: time, into: &measurement)
            case .completeModify:
                step = state.received(Self.ok, at: time, into: &measurement)
            }
        }
        let expected: [BenchRequestKind] = BenchMix.cycle.map {
            switch $0 {
            case .snapshot: .snapshot
            case .update: .update
            case .create: .create
            case .increment: .increment
            default: .beginModify
            }
        }
        #expect(Array(kinds.prefix(20)) == expected)
        #expect(measurement.statistics(of: .mix).successes == 40)
        #expect(measurement.statistics(of: .snapshot).successes == 24)
        #expect(measurement.statistics(of: .modify).successes == 2)
        #expect(measurement.statistics(of: .modify).requests == 4)
    }

    @Test func plansPartitionStoresAndSpreadTheRate() {
        let plans = BenchConnectionPlan.plans(
            operation: .update, connections: 3, blobStoreCount: 7, counterStoreCount: 2,
            mode: .openLoop(operationsPerSecond: 3000), startNanoseconds: 100, warmup: .seconds(1),
            duration: .seconds(2))
        #expect(plans.map(\.blobStores) == [[0, 3, 6], [1, 4], [2, 5]])
        // Fewer stores than connections: shared on purpose.
        #expect(plans.map(\.counterStores) == [[0], [1], [0]])
        #expect(plans.map(\.intervalNanoseconds) == [1_000_000, 1_000_000, 1_000_000])
        #expect(plans.map(\.firstDueNanoseconds) == [100, 333_433, 666_767])
        #expect(
            plans[0].window
                == BenchWindow(startNanoseconds: 1_000_000_100, endNanoseconds: 3_000_000_100, countsByDueTime: true))
        #expect(plans[1].shifted(by: 10).firstDueNanoseconds == 333_443)
    }
}
