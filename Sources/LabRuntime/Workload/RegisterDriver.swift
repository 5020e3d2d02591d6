import BunnyClient
import LabCheckers
import LabCore

/// `register`: blind writes of unique values (update, 50 %) and reads (snapshot, 50 %) of
/// shared registers, for the linearizability checker.
struct RegisterDriver: WorkloadDriver {
    let specification: WorkloadSpecification
    let clientBase: Int
    let keyPrefix: String
    let stores = KeyDirectory()

    func setUp(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for index in 0..<specification.keys {
            let key = "\(keyPrefix)-\(index)"
            var operation = template(client: clientBase, kind: .create, key: key)
            let content = "initial-\(index)"
            operation.data = content
            let created = await context.callWithRetries(
                operation, pair: specification.pair, target: .primary, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await client.create(customer: WorkloadContext.customer, body: Array(content.utf8))
                },
                onSuccess: { created, operation in operation.store = created.storeID })
            if let created = created.value { stores.set(slot: key, .init(key: key, store: created.storeID)) }
        }
    }

    func step(
        client: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async {
        guard let entry = stores.entry(slot: "\(keyPrefix)-\(slot(&random))") else { return }
        if percent(&random) < 50 {
            var operation = template(client: client, kind: .update, key: entry.key, store: entry.store)
            let content = state.uniqueValue(client: client)
            operation.data = content
            _ = await context.callWithRetries(
                operation, pair: specification.pair, target: specification.target, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await client.update(
                        storeID: entry.store, customer: WorkloadContext.customer, body: Array(content.utf8))
                })
        } else {
            await read(
                entry: entry, client: client, workload: nil, context: context, random: &random, deadline: deadline)
        }
    }

    private func read(
        entry: KeyDirectory.Entry, client: Int, workload: String?, context: WorkloadContext,
        random: inout LinkRandomGenerator, deadline: Int64
    ) async {
        _ = await context.callWithRetries(
            template(client: client, kind: .snapshot, key: entry.key, store: entry.store, workload: workload),
            pair: specification.pair, target: workload == nil ? specification.target : .primary, random: &random,
            deadline: deadline,
            { client throws(BunnyClientError) in
                try await client.snapshot(storeID: entry.store, customer: WorkloadContext.customer)
            },
            onSuccess: { snapshot, operation in operation.read = String(decoding: snapshot.body, as: UTF8.self) })
    }

    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for entry in stores.entries {
            await read(
                entry: entry, client: clientBase, workload: "final", context: context, random: &random,
                deadline: deadline)
        }
    }
}
