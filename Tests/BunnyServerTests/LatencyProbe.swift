import Foundation

/// Times requests of a well-behaved client while something hostile goes on, for a sanity
/// bound on the daemon's service to others (a generous percentile, never a tight timing).
struct LatencyProbe {
    private(set) var latencies: [Duration] = []
    private(set) var failures: [String] = []

    /// Sends `GET /status` on `connection` (reconnecting through `connect` after a failure)
    /// until `until` returns true or `limit` requests were made.
    mutating func run(
        limit: Int, connect: () throws -> RawHTTPConnection, until done: () -> Bool,
        request: (RawHTTPConnection) throws -> RawHTTPConnection.Response = { try $0.request("GET", "/status") }
    ) {
        var connection = try? connect()
        for _ in 0..<limit where !done() {
            let started = ContinuousClock.now
            do {
                let active = try connection ?? connect()
                connection = active
                let response = try request(active)
                if response.status == 200 {
                    latencies.append(ContinuousClock.now - started)
                } else {
                    failures.append("HTTP \(response.status)")
                }
            } catch {
                failures.append("\(error)")
                connection = nil
            }
        }
    }

    /// The `fraction` percentile (0.99 = p99) of the successful requests; nil without any.
    func percentile(_ fraction: Double) -> Duration? {
        guard !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
        return sorted[max(0, index)]
    }
}
