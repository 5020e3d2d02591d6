import TestSupport
import Testing

/// The `.ownThreads` trait really moves a test off the global concurrent executor, and only
/// the tests that carry it.
@Suite("Tests that block run on threads of their own")
struct OwnThreadsTraitTests {
    @Test(.ownThreads) func aTestWithTheTraitRunsOnItsOwnThread() {
        #expect(ThreadPerJobExecutor.currentThreadIsOwn)
    }

    @Test(.ownThreads) func itStaysThereAcrossSuspensions() async throws {
        try await Task.sleep(for: .milliseconds(1))
        #expect(ThreadPerJobExecutor.currentThreadIsOwn)
    }

    @Test(.ownThreadsUnqueued) func theUnqueuedFormRunsOnItsOwnThreadToo() {
        #expect(ThreadPerJobExecutor.currentThreadIsOwn)
    }

    /// The limiter behind the queued form: never more holders than places, and every waiter
    /// gets its turn.
    @Test func theLimiterLetsInAtMostItsLimit() async throws {
        let limiter = AsyncLimiter(limit: 2)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await limiter.holding {
                        await gauge.enter()
                        await Task.yield()
                        await gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await gauge.highest <= 2)
        #expect(await gauge.entries == 8)
    }

    private actor Gauge {
        var current = 0
        var highest = 0
        var entries = 0
        func enter() {
            current += 1
            entries += 1
            highest = max(highest, current)
        }
        func leave() { current -= 1 }
    }

    @Test func aTestWithoutItRunsOnTheSharedPool() {
        #expect(!ThreadPerJobExecutor.currentThreadIsOwn)
    }
}
