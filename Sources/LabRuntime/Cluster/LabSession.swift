import Dispatch
import Foundation

/// Runs one lab from start to teardown: brings the cluster up, serves the control socket,
/// shows the live table (or one ready line), and tears everything down on Ctrl-C, SIGTERM or
/// `POST /down`. `ready` is called once every pair has settled (one PRIMARY, one SECONDARY).
public enum LabSession {
    public static func run(
        _ options: LabOptions, liveTable: Bool, output: @escaping @Sendable (String) -> Void,
        ready: @escaping @Sendable (LabCluster) async -> Void = { _ in }
    ) async throws {
        let stop = StopSignal()
        let signals = SessionSignals.install([SIGINT, SIGTERM, SIGHUP]) { stop.fire() }
        defer { signals.remove() }

        let cluster = try await LabCluster.start(options)
        let control: ControlServer
        do {
            control = try await ControlServer.start(
                socketPath: options.folder + "/" + LabCluster.Files.control,
                handler: LabControlRoutes.handler(cluster: cluster, onDown: { stop.fire() }))
        } catch {
            await cluster.shutdown()
            throw LabError.folder("cannot open the control socket: \(error)")
        }
        await ready(cluster)
        if !liveTable {
            output("lab ready: \(cluster.topology.nodes.count) nodes in \(cluster.options.folder)")
        }
        while !stop.isFired {
            if liveTable { output("\u{1B}[H\u{1B}[2J" + (await cluster.table())) }
            try? await Task.sleep(for: .milliseconds(liveTable ? 500 : 100))
        }
        output("tearing down \(cluster.options.folder)")
        await cluster.shutdown()
        await control.stop()
        try? FileManager.default.removeItem(atPath: options.folder + "/" + LabCluster.Files.control)
    }
}

/// A one-way flag set from signal handlers, the control plane, or a finished task.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false

    func fire() {
        lock.lock()
        fired = true
        lock.unlock()
    }

    var isFired: Bool {
        lock.lock()
        defer { lock.unlock() }
        return fired
    }
}

/// Ctrl-C, SIGTERM and SIGHUP delivered to dispatch sources while a session runs, and the host
/// process's own handling put back once the last session is over (a test runner or a scenario
/// driver may run several labs in one process, one after another or at once).
///
/// The disposition a signal needs while its source listens is platform business: SIG_IGN on
/// Darwin (kqueue sees ignored signals); on Linux libdispatch installs a handler of its own,
/// once per process, when the first source for the signal is registered. So the disposition in
/// force while the first session's sources were live is remembered and reinstalled for later
/// sessions; otherwise a later session would set SIG_IGN, the kernel would discard the
/// signals, and Ctrl-C would do nothing.
final class SessionSignals {
    typealias Handler = @convention(c) (Int32) -> Void

    private struct Shared {
        var activeSessions = 0
        var hostDispositions: [Int32: Handler?] = [:]
        var whileListening: [Int32: Handler] = [:]
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var shared = Shared()

    private let signals: [Int32]
    private let sources: [any DispatchSourceSignal]

    private init(signals: [Int32], sources: [any DispatchSourceSignal]) {
        self.signals = signals
        self.sources = sources
    }

    static func install(_ signals: [Int32], handler: @escaping @Sendable () -> Void) -> SessionSignals {
        lock.lock()
        defer { lock.unlock() }
        if shared.activeSessions == 0 {
            for number in signals {
                shared.hostDispositions[number] = signal(number, shared.whileListening[number] ?? SIG_IGN)
            }
        }
        shared.activeSessions += 1
        let sources = signals.map { number -> any DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
        return SessionSignals(signals: signals, sources: sources)
    }

    /// Cancels this session's sources; the last session out puts the host's dispositions back.
    func remove() {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        sources.forEach { $0.cancel() }
        Self.shared.activeSessions -= 1
        guard Self.shared.activeSessions == 0 else { return }
        for number in signals {
            // Read now, not at install: libdispatch registers a source (and installs its
            // handler) asynchronously, after `resume()`.
            let current = signal(number, Self.shared.hostDispositions[number] ?? SIG_DFL)
            if Self.shared.whileListening[number] == nil, let current,
                unsafeBitCast(current, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self),
                unsafeBitCast(current, to: Int.self) != unsafeBitCast(SIG_DFL, to: Int.self)
            {
                Self.shared.whileListening[number] = current
            }
        }
    }
}
