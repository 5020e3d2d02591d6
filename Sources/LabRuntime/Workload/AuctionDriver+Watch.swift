import BunnyClient
import LabCheckers
import LabCore

extension AuctionDriver {
    static let failuresBeforeMoving = 5
    /// How long past the deadline watchers may wait for a bid still on its way.
    static let overtimeNanoseconds: Int64 = 5_000_000_000

    /// What one watch answered: the version, and the content when it changed (`200`).
    struct WatchAnswer: Sendable {
        var version: Int64
        var content: String?

        func record(in operation: inout HistoryOperation) {
            operation.version = version
            operation.read = content
            if content == nil { operation.status = 204 }
        }
    }

    /// One long poll of watcher `watcher`: from the version it holds, for the watch timeout
    /// (cut to the time left, so that every poll ends with the workload; while a bid begun
    /// before the closing is still on its way, 1 s polls go on, at most
    /// ``overtimeNanoseconds`` past the end). `false` when the watcher is done. Watchers are spread
    /// over the pair's nodes (a secondary answers watches from what replication applied); after
    /// a failed poll a watcher pauses 100 ms, and moves to the next node when the node did not
    /// answer or answered errors ``failuresBeforeMoving`` times in a row.
    ///
    /// Its client number is `clientBase × 1000 + watcher` (1 000 001… for the first workload).
    func watch(
        watcher: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async -> Bool {
        let now = context.clock.now()
        let biddingOver = now >= deadline - Self.closingNanoseconds && bidsInFlight.value == 0
        var seconds = min(specification.watchTimeoutSeconds, Int((deadline - now) / 1_000_000_000))
        if seconds < 1 && !biddingOver && now < deadline + Self.overtimeNanoseconds {
            seconds = 1  // a bid is still on its way: one more short watch
        }
        let nodes = context.directory.nodesByPair[specification.pair] ?? []
        guard seconds >= 1, !nodes.isEmpty, let entry = stores.entry(slot: keyPrefix) else {
            try? await Task.sleep(for: .nanoseconds(max(0, deadline - now)))
            return false
        }
        let node = nodes[(watcher + state.watchNode) % nodes.count]
        let known = state.knownVersion
        let operation = template(client: clientBase * 1000 + watcher, kind: .watch, key: entry.key, store: entry.store)
        let result = await context.watching.call(
            operation, node: node,
            { client throws(BunnyClientError) in
                try await Self.watch(client, storeID: entry.store, knownVersion: known, seconds: seconds)
            },
            onSuccess: { answer, operation in answer.record(in: &operation) })
        if let answer = result.value {
            // A lagging node's `204` can carry an older version: keep what was already seen.
            state.knownVersion = max(known, answer.version)
            state.watchFailures = 0
        } else {
            // No answer at all (the node is down, paused or restarting): the next node at once.
            // An error answer (a secondary that has not applied the create yet, JoinSyncing):
            // the same node again, unless it keeps failing.
            state.watchFailures += 1
            if result.operation.status == nil || state.watchFailures % Self.failuresBeforeMoving == 0 {
                state.watchNode += 1
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }

    /// `POST /api/v1/watch/{id}`, keeping the version of a `204` (``BunnyClient/watch`` drops it).
    static func watch(
        _ client: BunnyClient, storeID: String, knownVersion: Int64, seconds: Int
    ) async throws(BunnyClientError) -> WatchAnswer {
        let response = try await client.send(
            .watch(
                storeID: storeID, customer: WorkloadContext.customer, knownVersion: UInt64(max(0, knownVersion)),
                timeoutSeconds: seconds))
        guard response.status == 200 || response.status == 204 else {
            throw .errorAnswer(ErrorResponse(response: response))
        }
        guard let version = response.header(HeaderName.version).flatMap({ Int64($0) }) else {
            throw .malformedResponse(detail: "a watch answer without BigBunny-Version")
        }
        return WatchAnswer(version: version, content: response.status == 200 ? response.bodyText : nil)
    }
}
