import Foundation
import LabCore
import LabRuntime
import Testing

/// Measures the latency the proxy adds per message at a paced 2 000 messages/s: the same
/// heartbeat sent straight to the upstream and through a healthy proxy (journal on, into
/// memory), on one keep-alive connection each. Prints the figures; asserts nothing about them.
///
/// `BBLAB_PROXY_BENCH=1 swift test --filter FaultProxyBenchmark`
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["BBLAB_PROXY_BENCH"] == "1"))
struct FaultProxyBenchmark {
    @Test func overheadPerMessageAt2000PerSecond() async throws {
        let fixture = try await ProxyFixture.start()
        let direct = try await TestHTTPClient.connect(port: fixture.upstream.port)
        let proxied = try await fixture.client()
        let count = Int(ProcessInfo.processInfo.environment["BBLAB_PROXY_BENCH_COUNT"] ?? "") ?? 10_000
        let body = heartbeatBody(epoch: 1)

        func run(_ client: TestHTTPClient, label: String) async throws -> [Duration] {
            let clock = ContinuousClock()
            var latencies: [Duration] = []
            latencies.reserveCapacity(count)
            let interval = Duration.microseconds(500)
            let start = clock.now
            for index in 0..<count {
                let due = start + interval * index
                if clock.now < due { try await Task.sleep(until: due, clock: clock) }
                let sent = clock.now
                _ = try #require(try await client.send(.POST, "/internal/heartbeat", body: body))
                latencies.append(clock.now - sent)
            }
            let elapsed = clock.now - start
            let rate =
                Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            print("proxy bench \(label): \(count) messages at \(Int(rate))/s")
            return latencies.sorted()
        }

        // Warm up both paths, then interleave two rounds each to spread machine noise.
        _ = try await run(direct, label: "warm-up direct")
        _ = try await run(proxied, label: "warm-up proxied")
        var directAll: [Duration] = []
        var proxiedAll: [Duration] = []
        for _ in 0..<2 {
            directAll += try await run(direct, label: "direct")
            proxiedAll += try await run(proxied, label: "proxied")
        }
        directAll.sort()
        proxiedAll.sort()
        func percentile(_ values: [Duration], _ fraction: Double) -> Duration {
            values[min(values.count - 1, Int(Double(values.count) * fraction))]
        }
        func microseconds(_ duration: Duration) -> String {
            let value = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
            return String(format: "%.1f µs", value)
        }
        for (label, fraction) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99.9", 0.999)] {
            let directValue = percentile(directAll, fraction)
            let proxiedValue = percentile(proxiedAll, fraction)
            print(
                "proxy bench \(label): direct \(microseconds(directValue)), proxied \(microseconds(proxiedValue)), "
                    + "added \(microseconds(proxiedValue - directValue))")
        }
        await direct.close()
        await proxied.close()
        await fixture.stop()
    }
}
