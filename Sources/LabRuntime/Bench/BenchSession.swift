import Foundation
import LabBench

/// A whole `bblab bench`: for each round, each target (alternating A B, then B A, so a drift
/// of the machine's speed hits both alike), a fresh daemon (or pair) with stores prepared, then
/// each operation in turn: warm-up, window, drain. Against `--socket`, the stores are prepared
/// once and the rounds reuse them.
public struct BenchSession: Sendable {
    public let configuration: BenchConfiguration
    public let reporter: BenchProgressReporter

    public init(configuration: BenchConfiguration, progressStyle: BenchProgressReporter.Style) {
        self.configuration = configuration
        self.reporter = BenchProgressReporter(style: progressStyle, configuration: configuration)
    }

    /// The order targets run in each round: A B, B A, A B, … (A alone without `--vs`).
    public static func targetOrder(round: Int, targets: Int) -> [Int] {
        let order = Array(0..<targets)
        return round % 2 == 1 ? order : order.reversed()
    }

    public func run() async throws -> [BenchRunResult] {
        let generator = BenchLoadGenerator(threads: configuration.threads)
        reporter.start()
        do {
            let results = try await runRounds(generator)
            await reporter.stop()
            await generator.shutdown()
            return results
        } catch {
            await reporter.stop()
            await generator.shutdown()
            throw error
        }
    }

    private func runRounds(_ generator: BenchLoadGenerator) async throws -> [BenchRunResult] {
        let renderer = BenchRequestRenderer(customer: configuration.customer, bodyBytes: configuration.bodyBytes)
        let labels = configuration.target.labels
        var results: [BenchRunResult] = []
        var socketStores: BenchStores?
        for round in 1...configuration.rounds {
            for targetIndex in Self.targetOrder(round: round, targets: labels.count) {
                let name = BenchTable.targetName(targetIndex)
                var daemons: BenchDaemons?
                let socketPath: String
                switch configuration.target {
                case .spawned(let daemon, let other, let pair):
                    let path = targetIndex == 0 ? daemon : other!
                    reporter.note(
                        "round \(round)/\(configuration.rounds): starting \(name) = \(path)\(pair ? " (pair)" : "")")
                    daemons = try await BenchDaemons.start(daemonPath: path, pair: pair)
                    socketPath = daemons!.socketPath
                case .socket(let path):
                    socketPath = path
                }
                do {
                    let stores: BenchStores
                    if let socketStores {
                        stores = socketStores
                    } else {
                        stores = try await BenchStores.prepare(
                            socketPath: socketPath, count: configuration.stores,
                            blobs: configuration.operations.contains { $0.needsBlobStores },
                            counters: configuration.operations.contains { $0.needsCounterStores }, renderer: renderer)
                        reporter.note(
                            "prepared \(stores.blobIDs.count) blob and \(stores.counterIDs.count) counter stores")
                        if case .socket = configuration.target { socketStores = stores }
                    }
                    for operation in configuration.operations {
                        reporter.beginRun("\(operation.rawValue) \(name) round \(round)/\(configuration.rounds)")
                        let measurement = try await generator.run(
                            operation, socketPath: socketPath, stores: stores, renderer: renderer,
                            configuration: configuration, progress: reporter.counters)
                        reporter.endRun()
                        if let daemons, !daemons.allAlive {
                            throw BenchRunError("the daemon died under load:\n\(daemons.crashReport)")
                        }
                        results.append(
                            BenchRunResult(
                                targetIndex: targetIndex, target: labels[targetIndex], round: round,
                                operation: operation, mode: configuration.mode,
                                connections: configuration.connections, measurement: measurement))
                    }
                } catch {
                    await daemons?.stop(keepingFolder: true)
                    throw error
                }
                await daemons?.stop()
            }
        }
        return results
    }
}
