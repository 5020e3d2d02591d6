import LabBench
import NIOCore
import Foundation
import NIOPosix

/// Drives one operation's load: opens every connection (round-robin over the event-loop
/// threads), starts them together, and returns what they measured once each has finished —
/// at the window's end, or at the drain timeout for answers still in flight, or when the
/// daemon goes away. Two transports (`--transport`): a blocking thread per connection
/// (``BenchBlockingConnection``, the default up to 256 connections), or raw NIO channels on the
/// Unix socket; either way a read becomes bytes for the parser and a request is one
/// pre-rendered buffer written as is (see docs/lab.md, `bblab bench`).
public final class BenchLoadGenerator: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let loops: [EventLoop]

    public init(threads: Int) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        loops = Array(group.makeIterator())
    }

    public func shutdown() async {
        try? await group.shutdownGracefully()
    }

    /// Runs `operation` for the configuration's warm-up and window against `socketPath`.
    public func run(
        _ operation: BenchOperation, socketPath: String, stores: BenchStores, renderer: BenchRequestRenderer,
        configuration: BenchConfiguration, progress: BenchProgressCounters
    ) async throws -> BenchMeasurement {
        let requests = BenchRequestTable(stores: stores, renderer: renderer)
        let plans = BenchConnectionPlan.plans(
            operation: operation, connections: configuration.connections, blobStoreCount: stores.blobIDs.count,
            counterStoreCount: stores.counterIDs.count, mode: configuration.mode, startNanoseconds: 0,
            warmup: configuration.warmup, duration: configuration.duration)
        if configuration.transport == .threads {
            return try await runOnThreads(
                plans: plans, socketPath: socketPath, requests: requests, configuration: configuration,
                progress: progress)
        }
        let boxes = loops.map { loop in
            loop.submit { NIOLoopBound(BenchMeasurementBox(window: plans[0].window), eventLoop: loop) }
        }
        let drainTimeout = configuration.drainTimeout
        var channels: [Channel] = []
        do {
            for connection in 0..<configuration.connections {
                let loop = loops[connection % loops.count]
                let box = try await boxes[connection % loops.count].get()
                let channel = try await ClientBootstrap(group: loop)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                BenchChannelHandler(
                                    requests: requests, box: box.value, progress: progress, drainTimeout: drainTimeout))
                        }
                    }
                    .connect(unixDomainSocketPath: socketPath).get()
                channels.append(channel)
            }
        } catch {
            for channel in channels { channel.close(promise: nil) }
            throw BenchRunError("cannot open connection \(channels.count + 1) to \(socketPath): \(error)")
        }

        // Every connection is open: start them all 2 ms from now.
        let start = BenchChannelHandlerClock.now() + 2_000_000
        let window = plans[0].shifted(by: start).window
        for (index, loop) in loops.enumerated() {
            let box = try await boxes[index].get()
            loop.execute { box.value.measurement = BenchMeasurement(window: window) }
        }
        for (index, channel) in channels.enumerated() {
            let plan = plans[index].shifted(by: start)
            channel.eventLoop.execute {
                if let handler = try? channel.pipeline.syncOperations.handler(type: BenchChannelHandler.self) {
                    handler.begin(plan: plan)
                }
            }
        }
        for channel in channels { try? await channel.closeFuture.get() }

        var total = BenchMeasurement(window: window)
        for (index, loop) in loops.enumerated() {
            let box = try await boxes[index].get()
            total.add(try await loop.submit { box.value.measurement }.get())
        }
        return total
    }
}

extension BenchLoadGenerator {
    /// The `threads` transport: every connection opened first, then one thread each, started
    /// together 10 ms later.
    fileprivate func runOnThreads(
        plans: [BenchConnectionPlan], socketPath: String, requests: BenchRequestTable,
        configuration: BenchConfiguration, progress: BenchProgressCounters
    ) async throws -> BenchMeasurement {
        var connections: [BenchBlockingConnection] = []
        for index in plans.indices {
            do {
                connections.append(
                    try BenchBlockingConnection(
                        socketPath: socketPath, requests: requests, progress: progress,
                        drainTimeout: configuration.drainTimeout))
            } catch {
                throw BenchRunError("cannot open connection \(index + 1): \(error)")
            }
        }
        let start = BenchChannelHandlerClock.now() + 10_000_000
        let window = plans[0].shifted(by: start).window
        await withTaskGroup(of: Void.self) { group in
            for (index, connection) in connections.enumerated() {
                let plan = plans[index].shifted(by: start)
                group.addTask {
                    await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                        let thread = Thread {
                            connection.run(plan: plan)
                            finished.resume()
                        }
                        thread.stackSize = 1 << 20
                        thread.start()
                    }
                }
            }
        }
        var total = BenchMeasurement(window: window)
        for connection in connections {
            if let measurement = connection.measurement { total.add(measurement) }
        }
        return total
    }
}

/// The monotonic clock the handlers and plans share (NIO's uptime clock: CLOCK_MONOTONIC).
enum BenchChannelHandlerClock {
    static func now() -> Int64 { Int64(NIODeadline.now().uptimeNanoseconds) }
}
