import Foundation
import Testing

/// `.ownThreads`: runs each test of a suite (or one test) on threads of its own instead of the
/// global concurrent executor's, for tests that block their thread. See ``ThreadPerJobExecutor``
/// for why: on two cores, two blocking tests otherwise starve every asynchronous test.
///
/// At most as many such tests as there are cores run at once. The shared pool used to impose
/// that limit by accident; without it, twenty suites each start daemons at the same moment,
/// and under a sanitizer (ten times slower) the machine falls minutes behind. The others wait
/// for a place without holding a thread. Light tests under a `.timeLimit` take
/// `.ownThreadsUnqueued` instead: the wait for a place would count toward their limit.
public struct OwnThreadsTrait: SuiteTrait, TestTrait, TestScoping {
    /// Whether the test waits for one of the places (as many as cores).
    public var isQueued: Bool

    public var isRecursive: Bool { true }

    /// Scoped per test case only: a suite's own scope would also move the suite's bookkeeping.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard isQueued else {
            return try await withTaskExecutorPreference(ThreadPerJobExecutor()) { try await function() }
        }
        try await Self.places.holding {
            try await withTaskExecutorPreference(ThreadPerJobExecutor()) { try await function() }
        }
    }

    private static let places = AsyncLimiter(limit: ProcessInfo.processInfo.activeProcessorCount)
}

extension Trait where Self == OwnThreadsTrait {
    /// Runs the test on threads of its own, off the global concurrent executor (for tests that
    /// block), at most as many such tests at once as there are cores.
    public static var ownThreads: Self { OwnThreadsTrait(isQueued: true) }

    /// `.ownThreads` without waiting for a place: for light tests with a time limit.
    public static var ownThreadsUnqueued: Self { OwnThreadsTrait(isQueued: false) }
}
