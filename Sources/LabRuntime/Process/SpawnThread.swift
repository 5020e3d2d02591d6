import CLabSpawn
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one thread that forks every child of the lab.
///
/// Linux sends the PR_SET_PDEATHSIG signal when the *thread* that forked the child exits, not
/// only when the process does. Swift concurrency and Dispatch retire idle worker threads, so a
/// daemon spawned from one of them would be SIGKILLed some seconds later for no reason. This
/// thread never returns, so children die only when the lab process itself dies.
final class SpawnThread: @unchecked Sendable {
    static let shared = SpawnThread()

    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    private init() {
        let thread = Thread { [self] in self.serve() }
        thread.name = "bblab-spawner"
        thread.start()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }

    /// Runs `body` on the spawner thread and waits for its result.
    func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
        let box = ResultBox<Result>()
        condition.lock()
        jobs.append {
            let value = body()
            box.set(value)
        }
        condition.signal()
        condition.unlock()
        return box.wait()
    }

    /// Spawns `executable` with `arguments` (argv[0] included) and `environment`, with its
    /// standard streams from `streams`, in `workingDirectory`. Returns the pid or the errno.
    func spawn(
        executable: String, arguments: [String], environment: [String: String], streams: ChildStreams,
        workingDirectory: String?
    ) -> Swift.Result<Int32, SpawnErrno> {
        let environmentLines = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return run {
            let argv = arguments.map { strdup($0) } + [nil]
            let envp = environmentLines.map { strdup($0) } + [nil]
            defer {
                for pointer in argv { free(pointer) }
                for pointer in envp { free(pointer) }
            }
            let pid = lab_spawn_with_streams(
                executable, argv, envp, streams.input, streams.output, streams.error, workingDirectory)
            return pid >= 0 ? .success(pid) : .failure(SpawnErrno(code: errno))
        }
    }
}

/// The descriptors a child gets as its standard input, output and error; -1 means /dev/null
/// for input and the lab's own stream for output and error.
struct ChildStreams: Sendable {
    var input: Int32 = -1
    var output: Int32
    var error: Int32

    /// Output and error both to `descriptor` (a daemon's log), input from /dev/null.
    static func log(_ descriptor: Int32) -> ChildStreams { ChildStreams(output: descriptor, error: descriptor) }
}

struct SpawnErrno: Error, Sendable {
    var code: Int32
    var message: String { String(cString: strerror(code)) }
}

/// A one-shot result handed from the spawner thread to the caller.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    func set(_ newValue: Value) {
        condition.lock()
        value = newValue
        condition.signal()
        condition.unlock()
    }

    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
