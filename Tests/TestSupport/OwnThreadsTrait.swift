import Testing

/// `.ownThreads`: runs each test of a suite (or one test) on threads of its own instead of the
/// global concurrent executor's, for tests that block their thread. See ``ThreadPerJobExecutor``
/// for why: on two cores, two blocking tests otherwise starve every asynchronous test.
public struct OwnThreadsTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    /// Scoped per test case only: a suite's own scope would also move the suite's bookkeeping.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(ThreadPerJobExecutor()) { try await function() }
    }
}

extension Trait where Self == OwnThreadsTrait {
    /// Runs the test on threads of its own, off the global concurrent executor (for tests that block).
    public static var ownThreads: Self { OwnThreadsTrait() }
}
