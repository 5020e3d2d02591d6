import Dispatch
import Foundation

/// Runs one lab from start to teardown: brings the cluster up, serves the control socket,
/// shows the live table (or one ready line), and tears everything down on Ctrl-C, SIGTERM or
/// `POST /down`. `ready` is called once every node answers.
public enum LabSession {
    public static func run(
        _ options: LabOptions, liveTable: Bool, output: @escaping @Sendable (String) -> Void,
        ready: @escaping @Sendable (LabCluster) async -> Void = { _ in }
    ) async throws {
        let stop = StopSignal()
        let signalSources = [SIGINT, SIGTERM, SIGHUP].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.fire() }
            source.resume()
            return source
        }
        defer { signalSources.forEach { $0.cancel() } }

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

/// A one-way flag set from signal handlers or the control plane.
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
