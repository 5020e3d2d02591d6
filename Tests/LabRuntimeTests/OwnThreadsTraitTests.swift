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

    @Test func aTestWithoutItRunsOnTheSharedPool() {
        #expect(!ThreadPerJobExecutor.currentThreadIsOwn)
    }
}
