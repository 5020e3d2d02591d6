import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a short command to completion (a `bbd` client subcommand, a tool) and collects what it
/// printed, through the lab's spawner rather than Foundation's `Process`.
///
/// Why not `Process`: its pipe and file handles close their descriptors whenever they are
/// deallocated, and a late close can hit a descriptor number already reused by another thread
/// (swiftlang/swift#57827); test runs that started daemons this way aborted now and then with
/// EBADF in NIO and glibc. Here the streams are unlinked temporary files opened close-on-exec,
/// owned and closed by this function alone, and the child dies with the thread that spawned it
/// (PR_SET_PDEATHSIG), so a crashed caller leaves no orphan.
public enum OneShotCommand {
    /// What a finished command left behind.
    public struct Outcome: Sendable, Equatable {
        public var exitStatus: ExitStatus
        public var output: String
        public var error: String

        /// The exit code, or -1 when a signal ended the command.
        public var exitCode: Int32 {
            if case .code(let code) = exitStatus { return code }
            return -1
        }
    }

    /// Runs `executable` with `arguments`, `input` on its standard input, and waits at most
    /// `timeout` (then SIGKILLs its process group and reports the signal). The environment is
    /// this process's, with `environment` added.
    public static func run(
        executable: String, arguments: [String], input: String = "", environment: [String: String] = [:],
        timeout: Duration = .seconds(30)
    ) throws -> Outcome {
        let inputFile = try AnonymousFile(contents: input)
        defer { inputFile.close() }
        let outputFile = try AnonymousFile(contents: "")
        defer { outputFile.close() }
        let errorFile = try AnonymousFile(contents: "")
        defer { errorFile.close() }

        let fullEnvironment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        let spawned = SpawnThread.shared.spawn(
            executable: executable, arguments: [executable] + arguments, environment: fullEnvironment,
            streams: ChildStreams(
                input: inputFile.descriptor, output: outputFile.descriptor, error: errorFile.descriptor),
            workingDirectory: nil)
        let pid: Int32
        switch spawned {
        case .success(let started): pid = started
        case .failure(let failure):
            throw NodeProcessError.spawnFailed(executable: executable, errno: failure.code, reason: failure.message)
        }
        let status = waitForExit(of: pid, within: timeout)
        return Outcome(exitStatus: status, output: outputFile.readAll(), error: errorFile.readAll())
    }

    /// Polls the child (it is ours alone: `waitpid` on its pid only) until it ends or the
    /// bound passes; then kills its group and reaps it.
    private static func waitForExit(of pid: Int32, within timeout: Duration) -> ExitStatus {
        let deadline = ContinuousClock.now + timeout
        var pollMicroseconds: UInt32 = 200
        var word: Int32 = 0
        while ContinuousClock.now < deadline {
            let reaped = waitpid(pid, &word, WNOHANG)
            if reaped == pid { return ExitStatus(waitStatus: word) }
            if reaped < 0 && errno != EINTR { return .unknown }
            usleep(pollMicroseconds)
            pollMicroseconds = min(pollMicroseconds * 2, 20_000)
        }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        while waitpid(pid, &word, 0) < 0 {
            if errno != EINTR { return .unknown }
        }
        return ExitStatus(waitStatus: word)
    }
}

/// A temporary file with no name (unlinked as soon as it is open), for a child's standard
/// stream. The descriptor is close-on-exec in this process; the spawner installs it as 0, 1 or
/// 2 in the child.
private struct AnonymousFile {
    let descriptor: Int32

    init(contents: String) throws {
        var template = Array("/tmp/bblab-stream-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw NodeProcessError.fileWriteFailed(path: "/tmp", reason: String(cString: strerror(errno)))
        }
        // (The lab's spawner marks every descriptor close-on-exec in its children anyway.)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                Glibc.close(descriptor)
                throw NodeProcessError.fileWriteFailed(path: "/tmp", reason: String(cString: strerror(errno)))
            }
            written += count
        }
        lseek(descriptor, 0, SEEK_SET)
    }

    /// Everything in the file, from its start, as UTF-8 (invalid bytes replaced).
    func readAll() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
            offset += off_t(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func close() { Glibc.close(descriptor) }
}
