import LabBench

/// Store preparation before the timed phase: blob stores (body of `--body` bytes) and counter
/// stores (at 0), created over a few keep-alive connections. Their IDs are what the
/// pre-rendered requests are made of.
public struct BenchStores: Sendable {
    public var blobIDs: [String]
    public var counterIDs: [String]

    /// Creates `count` stores of each kind asked for; throws on the first failure, quoting it.
    public static func prepare(
        socketPath: String, count: Int, blobs: Bool, counters: Bool, renderer: BenchRequestRenderer
    ) async throws -> BenchStores {
        let workers = min(4, count)
        async let blobIDs = blobs ? create(count, body: renderer.body, socketPath, renderer, workers) : []
        let counterIDs =
            counters
            ? try await create(count, body: BenchRequestRenderer.counterCreateBody, socketPath, renderer, workers) : []
        return BenchStores(blobIDs: try await blobIDs, counterIDs: counterIDs)
    }

    private static func create(
        _ count: Int, body: [UInt8], _ socketPath: String, _ renderer: BenchRequestRenderer, _ workers: Int
    ) async throws -> [String] {
        try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    try await Task.detached {
                        let client = UnixSocketHTTP(socketPath: socketPath, timeoutMilliseconds: 10_000)
                        defer { client.disconnect() }
                        var created: [(Int, String)] = []
                        for index in stride(from: worker, to: count, by: workers) {
                            let response: UnixSocketHTTP.Response
                            do {
                                response = try client.request(
                                    "POST", "/api/v1/create", body: body,
                                    headers: [("X-Customer-ID", renderer.customer)])
                            } catch {
                                throw BenchRunError("preparing stores on \(socketPath): \(error)")
                            }
                            guard response.status == 200, !response.body.isEmpty else {
                                throw BenchRunError(
                                    "preparing stores: create answered \(response.status): \(response.bodyText)")
                            }
                            created.append((index, response.bodyText))
                        }
                        return created
                    }.value
                }
            }
            var identifiers = [String](repeating: "", count: count)
            for try await created in group {
                for (index, identifier) in created { identifiers[index] = identifier }
            }
            return identifiers
        }
    }
}
