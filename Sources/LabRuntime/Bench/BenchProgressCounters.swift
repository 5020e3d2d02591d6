import Synchronization

/// Operations finished so far in the current run, shared by the load threads (relaxed atomic
/// adds, one per operation) and read by the progress reporter.
public final class BenchProgressCounters: Sendable {
    private let finished = Atomic<Int>(0)
    private let failed = Atomic<Int>(0)

    public init() {}

    @inline(__always)
    func add(finished finishedCount: Int, failed failedCount: Int) {
        if finishedCount != 0 { finished.add(finishedCount, ordering: .relaxed) }
        if failedCount != 0 { failed.add(failedCount, ordering: .relaxed) }
    }

    public var finishedOperations: Int { finished.load(ordering: .relaxed) }
    public var failedOperations: Int { failed.load(ordering: .relaxed) }

    public func reset() {
        finished.store(0, ordering: .relaxed)
        failed.store(0, ordering: .relaxed)
    }
}
