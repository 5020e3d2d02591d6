import BunnyClient
import LabCheckers
import LabCore

/// `auction`: many bidders raise the highest bid of one store through the modify protocol
/// while many watchers long-poll it (the seed's auction: bids in the final seconds, viewers by
/// the thousand).
///
/// A bidder's step is one bid: begin-modify (the daemon's lock-wait queue parks it while
/// another bidder holds the lock), read ``AuctionBid`` `{"high","bidder","count"}`, and
/// complete-modify with a higher high, its own unique name and count + 1. No bid begins in
/// the last ``closingNanoseconds`` (the hammer falls), so the watchers hear the last bid
/// before the workload ends; a bid slower than that keeps them watching until it has ended.
/// The watchers are in ``AuctionDriver+Watch.swift``.
struct AuctionDriver: WorkloadDriver {
    let specification: WorkloadSpecification
    let clientBase: Int
    let keyPrefix: String
    let stores = KeyDirectory()
    /// Bids begun and not yet ended, so the watchers wait for the last one.
    let bidsInFlight = InFlightCounter()
    /// No bids begun in the workload's last 2 s: the time for the last one to reach every watcher.
    static let closingNanoseconds: Int64 = 2_000_000_000

    var watcherCount: Int { specification.watchers }

    func setUp(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        var operation = template(client: clientBase, kind: .create, key: keyPrefix)
        let opening = AuctionBid.opening.content
        operation.data = opening
        let store = await createStore(
            operation, target: .primary, context: context, random: &random, deadline: deadline
        ) { client throws(BunnyClientError) in
            try await client.create(customer: WorkloadContext.customer, body: Array(opening.utf8))
        }
        if let store { stores.set(slot: keyPrefix, .init(key: keyPrefix, store: store)) }
    }

    func step(
        client: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async {
        let closing = deadline - Self.closingNanoseconds
        let now = context.clock.now()
        guard now < closing, let entry = stores.entry(slot: keyPrefix) else {
            // The hammer has fallen (or there is no auction): wait for the end.
            try? await Task.sleep(for: .nanoseconds(max(0, deadline - now)))
            return
        }
        bidsInFlight.add(1)
        defer { bidsInFlight.add(-1) }
        guard
            let lock = await beginModify(
                entry: entry, client: client, context: context, random: &random, deadline: closing)
        else { return }
        guard let current = AuctionBid(content: String(decoding: lock.body, as: UTF8.self)) else {
            await cancelModify(entry: entry, lockID: lock.lockID, client: client, context: context, random: &random)
            return
        }
        let bid = AuctionBid(
            high: current.high + 1 + Int64(random.next() % 10), bidder: state.uniqueValue(client: client),
            count: current.count + 1)
        var completion = template(client: client, kind: .completeModify, key: entry.key, store: entry.store)
        completion.lock = lock.lockID
        completion.data = bid.content
        completion.item = bid.bidder
        let content = Array(bid.content.utf8)
        await completeModify(
            completion, entry: entry, lockID: lock.lockID, content: content, context: context, random: &random,
            deadline: deadline)
    }

    /// The final read is a watch from version 0, which answers at once with the content and
    /// the version the watchers must have reached.
    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for entry in stores.entries {
            _ = await context.callWithRetries(
                template(client: clientBase, kind: .watch, key: entry.key, store: entry.store, workload: "final"),
                pair: specification.pair, target: .primary, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await Self.watch(client, storeID: entry.store, knownVersion: 0, seconds: 1)
                },
                onSuccess: { answer, operation in answer.record(in: &operation) })
        }
    }
}
