import BunnyClient
import Foundation
import Testing

/// Opt-in throughput check against `../shared/tools/udsecho` (or any daemon): set
/// `BUNNY_CLIENT_BENCHMARK_SOCKET` to its socket. Prints requests per second; asserts nothing
/// about speed (DESIGN §6).
@Suite("Client throughput (opt-in)", .serialized)
struct ClientThroughputBenchmark {
    static let socketPath = ProcessInfo.processInfo.environment["BUNNY_CLIENT_BENCHMARK_SOCKET"]

    @Test(.enabled(if: socketPath != nil), arguments: [1, 16])
    func snapshotsPerSecond(connections: Int) async throws {
        let client = BunnyClient(unixSocketPath: Self.socketPath!, maximumConnections: connections)
        let request = ClientRequest.snapshot(storeID: "0:benchmark", customer: "bench")
        let duration = Duration.seconds(3)
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    var count = 0
                    while clock.now < deadline {
                        _ = try await client.send(request)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        await client.shutdown()
        let perSecond = Double(total) / 3
        print("client throughput, \(connections) connection(s): \(Int(perSecond)) requests/s")
        #expect(total > 0)
    }
}
