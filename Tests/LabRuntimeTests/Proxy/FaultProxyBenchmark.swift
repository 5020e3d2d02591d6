import Foundation
import LabCore
import LabRuntime
import NIOPosix
import Testing

/// Measures the latency the proxy adds per message: the same heartbeat sent straight to the
/// upstream and through a healthy proxy, on one keep-alive connection each, paced at 2 000
/// messages/s, then back to back. The proxy journals to a file. Prints the figures; asserts
/// nothing.
///
/// `BBLAB_PROXY_BENCH=1 swift test -c release --filter FaultProxyBenchmark`
/// (`BBLAB_PROXY_BENCH_COUNT` sets the messages per round, 10 000 by default;
/// `BBLAB_PROXY_BENCH_OWN_LOOP=1` runs the proxy on its own one-thread event loop group instead
/// of sharing NIO's singleton group with the test client and upstream.)
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["BBLAB_PROXY_BENCH"] == "1"))
struct FaultProxyBenchmark {
    @Test func overheadPerMessage() async throws {
        let count = Int(ProcessInfo.processInfo.environment["BBLAB_PROXY_BENCH_COUNT"] ?? "") ?? 10_000
        let journalPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("proxy-bench-\(UUID().uuidString).jsonl").path
        let journal = try ProxyJournalFile(path: journalPath)
        let ownLoop = ProcessInfo.processInfo.environment["BBLAB_PROXY_BENCH_OWN_LOOP"] == "1"
        let proxyGroup = ownLoop ? MultiThreadedEventLoopGroup(numberOfThreads: 1) : nil
        let upstream = try await TestUpstream.start()
        let proxy = FaultProxy(
            name: "node1->node2", upstreamHost: "127.0.0.1", upstreamPort: upstream.port,
            journal: { journal.write($0) }, clock: { monotonicNanoseconds() }, seed: 1,
            group: proxyGroup ?? MultiThreadedEventLoopGroup.singleton)
        let direct = try await TestHTTPClient.connect(port: upstream.port)
        let proxied = try await TestHTTPClient.connect(port: try await proxy.start())
        let body = heartbeatBody(epoch: 1)

        func run(_ client: TestHTTPClient, label: String, interval: Duration?) async throws -> [Duration] {
            let clock = ContinuousClock()
            var latencies: [Duration] = []
            latencies.reserveCapacity(count)
            let start = clock.now
            for index in 0..<count {
                if let interval {
                    let due = start + interval * index
                    if clock.now < due { try await Task.sleep(until: due, clock: clock) }
                }
                let sent = clock.now
                _ = try #require(try await client.send(.POST, "/internal/heartbeat", body: body))
                latencies.append(clock.now - sent)
            }
            let elapsed = clock.now - start
            print("proxy bench \(label): \(count) messages at \(Int(Double(count) / seconds(elapsed)))/s")
            return latencies
        }
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        func microseconds(_ duration: Duration) -> String {
            String(format: "%.1f µs", seconds(duration) * 1e6)
        }
        func percentile(_ values: [Duration], _ fraction: Double) -> Duration {
            values[min(values.count - 1, Int(Double(values.count) * fraction))]
        }
        func report(_ label: String, direct: [Duration], proxied: [Duration]) {
            let slowDirect = direct.filter { $0 > .milliseconds(1) }.count
            let slowProxied = proxied.filter { $0 > .milliseconds(1) }.count
            print("proxy bench \(label) over 1 ms: direct \(slowDirect), proxied \(slowProxied) of \(direct.count)")
            let direct = direct.sorted()
            let proxied = proxied.sorted()
            for (name, fraction) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99.9", 0.999)] {
                let directValue = percentile(direct, fraction)
                let proxiedValue = percentile(proxied, fraction)
                print(
                    "proxy bench \(label) \(name): direct \(microseconds(directValue)), "
                        + "proxied \(microseconds(proxiedValue)), added \(microseconds(proxiedValue - directValue))")
            }
        }

        // Warm up both paths, then interleave rounds to spread machine noise over both.
        _ = try await run(direct, label: "warm-up direct", interval: nil)
        _ = try await run(proxied, label: "warm-up proxied", interval: nil)
        var directPaced: [Duration] = []
        var proxiedPaced: [Duration] = []
        var directBackToBack: [Duration] = []
        var proxiedBackToBack: [Duration] = []
        for _ in 0..<2 {
            directPaced += try await run(direct, label: "direct 2000/s", interval: .microseconds(500))
            proxiedPaced += try await run(proxied, label: "proxied 2000/s", interval: .microseconds(500))
            directBackToBack += try await run(direct, label: "direct back-to-back", interval: nil)
            proxiedBackToBack += try await run(proxied, label: "proxied back-to-back", interval: nil)
        }
        report("2000/s", direct: directPaced, proxied: proxiedPaced)
        report("back-to-back", direct: directBackToBack, proxied: proxiedBackToBack)
        await direct.close()
        await proxied.close()
        await proxy.stop()
        await upstream.stop()
        journal.close()
        try? FileManager.default.removeItem(atPath: journalPath)
        try await proxyGroup?.shutdownGracefully()
    }
}
