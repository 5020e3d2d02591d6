/// At most `limit` holders at once; the others wait without blocking a thread, in order of
/// arrival.
public actor AsyncLimiter {
    private let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    public func acquire() async {
        if holders < limit {
            holders += 1
            return
        }
        // The releasing holder hands its place over directly: `holders` does not change.
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        if waiting.isEmpty {
            holders -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs `body` while holding a place.
    public nonisolated func holding<Result: Sendable>(
        _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}
