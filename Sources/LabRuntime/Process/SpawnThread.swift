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

    /// Spawns `executable` with `arguments` (argv[0] included) and `environment`, its output to
    /// `outputDescriptor`, in `workingDirectory`. Returns the pid or the errno.
    func spawn(
        executable: String, arguments: [String], environment: [String: String], outputDescriptor: Int32,
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
            let pid: pid_t
            if let workingDirectory {
                pid = lab_spawn_in_directory(executable, argv, envp, outputDescriptor, workingDirectory)
            } else {
                pid = lab_spawn_in_directory(executable, argv, envp, outputDescriptor, nil)
            }
            return pid >= 0 ? .success(pid) : .failure(SpawnErrno(code: errno))
        }
    }
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
