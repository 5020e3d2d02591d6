import BunnyClient
import LabCheckers
import LabCore

/// `counter`: increments (80 %) and decrements (20 %) of 1 on shared counters that start at 0.
struct CounterDriver: WorkloadDriver {
    let specification: WorkloadSpecification
    let clientBase: Int
    let keyPrefix: String
    let stores = KeyDirectory()

    func setUp(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for index in 0..<specification.keys {
            let key = "\(keyPrefix)-\(index)"
            var operation = template(client: clientBase, kind: .counterCreate, key: key)
            operation.counter = 0
            let store = await createStore(
                operation, target: .primary, context: context, random: &random, deadline: deadline
            ) { client throws(BunnyClientError) in
                try await client.createCounter(customer: WorkloadContext.customer, value: 0)
            }
            if let store { stores.set(slot: key, .init(key: key, store: store)) }
        }
    }

    func step(
        client: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async {
        guard let entry = stores.entry(slot: "\(keyPrefix)-\(slot(&random))") else { return }
        let increment = percent(&random) < 80
        var operation = template(
            client: client, kind: increment ? .increment : .decrement, key: entry.key, store: entry.store)
        operation.delta = 1
        _ = await context.callWithRetries(
            operation, pair: specification.pair, target: specification.target, random: &random, deadline: deadline,
            { client throws(BunnyClientError) in
                increment
                    ? try await client.increment(storeID: entry.store, customer: WorkloadContext.customer)
                    : try await client.decrement(storeID: entry.store, customer: WorkloadContext.customer)
            },
            onSuccess: { reading, operation in
                operation.counter = reading.value
                operation.degraded = reading.warning?.contains("DegradedWrite") ?? false
            })
    }

    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for entry in stores.entries {
            let operation = template(
                client: clientBase, kind: .counterGet, key: entry.key, store: entry.store, workload: "final")
            _ = await context.callWithRetries(
                operation, pair: specification.pair, target: .primary, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await client.counter(storeID: entry.store, customer: WorkloadContext.customer)
                },
                onSuccess: { reading, operation in operation.counter = reading.value })
        }
    }
}
