import BunnyClient
import LabCheckers
import LabCore

/// `session`: each client owns some session slots (slot `s` belongs to client `s % clients`).
/// An empty slot gets a new store with the workload's TTL; a filled one is read (50 %),
/// updated (30 %) or deleted (20 %). A read or update that finds the store gone (404 / 410,
/// deleted or expired) empties the slot. The final reads look at every session ever created,
/// so deleted and expired ones must stay gone.
struct SessionDriver: WorkloadDriver {
    let specification: WorkloadSpecification
    let clientBase: Int
    let keyPrefix: String
    let stores = KeyDirectory()

    func setUp(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {}

    /// The slots client number `clientIndex` (from 0) owns.
    func ownedSlots(clientIndex: Int) -> [Int] {
        var slots: [Int] = []
        var slot = clientIndex
        while slot < max(specification.keys, specification.clients) {
            slots.append(slot)
            slot += specification.clients
        }
        return slots
    }

    func step(
        client: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async {
        let owned = ownedSlots(clientIndex: client - clientBase - 1)
        guard !owned.isEmpty else { return }
        let slot = owned[Int(random.next() % UInt64(owned.count))]
        guard let session = state.sessions[slot] else {
            state.sessions[slot] = await create(
                slot: slot, client: client, state: &state, context: context, random: &random, deadline: deadline)
            return
        }
        let choice = percent(&random)
        let outcome: HistoryOperation
        if choice < 50 {
            outcome = await snapshot(session, client: client, context: context, random: &random, deadline: deadline)
        } else if choice < 80 {
            let content = state.uniqueValue(client: client)
            outcome = await update(
                session, content: content, client: client, context: context, random: &random, deadline: deadline)
        } else {
            outcome = await delete(session, client: client, context: context, random: &random, deadline: deadline)
            if outcome.outcome != .fail { state.sessions[slot] = nil }
        }
        if outcome.status == 404 || outcome.status == 410 { state.sessions[slot] = nil }
    }

    private func create(
        slot: Int, client: Int, state: inout WorkloadClientState, context: WorkloadContext,
        random: inout LinkRandomGenerator, deadline: Int64
    ) async -> KeyDirectory.Entry? {
        let key = "\(keyPrefix)-\(slot).\(state.uniqueValue(client: client))"
        let content = state.uniqueValue(client: client)
        let timeToLive = specification.timeToLiveSeconds
        var operation = template(client: client, kind: .create, key: key)
        operation.data = content
        operation.ttlMilliseconds = timeToLive * 1000
        let body = Array(content.utf8)
        let created = await createStore(
            operation, target: specification.target, context: context, random: &random, deadline: deadline
        ) { client throws(BunnyClientError) in
            try await client.create(customer: WorkloadContext.customer, body: body, timeToLiveSeconds: timeToLive)
        }
        guard let storeID = created else { return nil }
        let entry = KeyDirectory.Entry(key: key, store: storeID)
        stores.set(slot: key, entry)
        return entry
    }

    private func update(
        _ session: KeyDirectory.Entry, content: String, client: Int, context: WorkloadContext,
        random: inout LinkRandomGenerator, deadline: Int64
    ) async -> HistoryOperation {
        let store = session.store
        let body = Array(content.utf8)
        var operation = template(client: client, kind: .update, key: session.key, store: store)
        operation.data = content
        let call = await context.callWithRetries(
            operation, pair: specification.pair, target: specification.target, random: &random, deadline: deadline,
            { client throws(BunnyClientError) in
                try await client.update(storeID: store, customer: WorkloadContext.customer, body: body)
            })
        return call.operation
    }

    private func delete(
        _ session: KeyDirectory.Entry, client: Int, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async -> HistoryOperation {
        let store = session.store
        let call = await context.callWithRetries(
            template(client: client, kind: .delete, key: session.key, store: store), pair: specification.pair,
            target: specification.target, random: &random, deadline: deadline,
            { client throws(BunnyClientError) in
                try await client.delete(storeID: store, customer: WorkloadContext.customer)
            })
        return call.operation
    }

    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for entry in stores.entries.suffix(2_000) {
            await snapshot(
                entry, client: clientBase, workload: "final", context: context, random: &random, deadline: deadline)
        }
    }
}
