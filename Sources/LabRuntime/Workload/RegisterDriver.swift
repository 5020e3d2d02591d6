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
            let store = await createStore(
                operation, target: .primary, context: context, random: &random, deadline: deadline
            ) { client throws(BunnyClientError) in
                try await client.create(customer: WorkloadContext.customer, body: Array(content.utf8))
            }
            if let store { stores.set(slot: key, .init(key: key, store: store)) }
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
            await snapshot(entry, client: client, context: context, random: &random, deadline: deadline)
        }
    }

    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for entry in stores.entries {
            await snapshot(
                entry, client: clientBase, workload: "final", context: context, random: &random, deadline: deadline)
        }
    }
}
