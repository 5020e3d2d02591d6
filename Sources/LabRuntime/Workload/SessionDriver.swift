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

    func step(
        client: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async {
        let clientIndex = client - clientBase - 1
        let owned = stride(
            from: clientIndex, to: max(specification.keys, specification.clients), by: specification.clients
        )
        .map { $0 }
        guard !owned.isEmpty else { return }
        let slot = owned[Int(random.next() % UInt64(owned.count))]
        let timeToLive = specification.timeToLiveSeconds
        guard let store = state.sessions[slot] else {
            let key = "\(keyPrefix)-\(slot).\(state.uniqueValue(client: client))"
            var operation = template(client: client, kind: .create, key: key)
            let content = state.uniqueValue(client: client)
            operation.data = content
            operation.ttlMilliseconds = timeToLive * 1000
            let created = await context.callWithRetries(
                operation, pair: specification.pair, target: specification.target, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await client.create(
                        customer: WorkloadContext.customer, body: Array(content.utf8), timeToLiveSeconds: timeToLive)
                },
                onSuccess: { created, operation in operation.store = created.storeID })
            if let created = created.value {
                state.sessions[slot] = created.storeID
                stores.set(slot: key, .init(key: key, store: created.storeID))
            }
            return
        }
        let key = stores.entries.last { $0.store == store }?.key ?? "\(keyPrefix)-\(slot)"
        let choice = percent(&random)
        let call: WorkloadContext.Call<Bool>
        if choice < 50 {
            call = await context.callWithRetries(
                template(client: client, kind: .snapshot, key: key, store: store), pair: specification.pair,
                target: specification.target, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    _ = try await client.snapshot(storeID: store, customer: WorkloadContext.customer)
                    return true
                })
        } else if choice < 80 {
            var operation = template(client: client, kind: .update, key: key, store: store)
            let content = state.uniqueValue(client: client)
            operation.data = content
            call = await context.callWithRetries(
                operation, pair: specification.pair, target: specification.target, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await client.update(
                        storeID: store, customer: WorkloadContext.customer, body: Array(content.utf8))
                    return true
                })
        } else {
            call = await context.callWithRetries(
                template(client: client, kind: .delete, key: key, store: store), pair: specification.pair,
                target: specification.target, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await client.delete(storeID: store, customer: WorkloadContext.customer)
                    return true
                })
            if call.operation.outcome != .fail { state.sessions[slot] = nil }
        }
        if let status = call.operation.status, status == 404 || status == 410 { state.sessions[slot] = nil }
    }

    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for entry in stores.entries.suffix(2_000) {
            let operation = template(
                client: clientBase, kind: .snapshot, key: entry.key, store: entry.store, workload: "final")
            _ = await context.callWithRetries(
                operation, pair: specification.pair, target: .primary, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await client.snapshot(storeID: entry.store, customer: WorkloadContext.customer)
                },
                onSuccess: { snapshot, operation in operation.read = String(decoding: snapshot.body, as: UTF8.self) })
        }
    }
}
