import Foundation

/// A task executor that runs every job on a thread of its own.
///
/// Swift's global concurrent executor has exactly as many threads as the machine has cores (two
/// here) and adds none when they block. A test that blocks its thread — waiting for a child
/// process, sleeping between polls of a daemon, reading a socket synchronously — takes one of
/// those two threads for seconds, and two such tests at once stop every asynchronous test in the
/// process (the lab's workload clients, pollers and timers) until they finish. Jobs sent here
/// never touch that pool. A thread per job is wasteful, but a blocking test has few jobs.
public final class ThreadPerJobExecutor: TaskExecutor {
    /// The key that marks these threads in their thread dictionary.
    private static let markKey = "ThreadPerJobExecutor"

    public init() {}

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let thread = Thread {
            Thread.current.threadDictionary[Self.markKey] = true
            job.runSynchronously(on: executor)
        }
        thread.start()
    }

    /// Whether the calling thread is one of these executors' threads.
    public static var currentThreadIsOwn: Bool {
        Thread.current.threadDictionary[markKey] as? Bool == true
    }
}
