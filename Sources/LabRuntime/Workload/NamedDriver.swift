import BunnyClient
import LabCheckers
import LabCore

/// `named`: clients race on a few names: create-by-name (40 %), lookup-id-by-name (40 %) and
/// delete-by-name (20 %). `NameExists` and `404` are ordinary answers here. The final reads
/// look every name up.
struct NamedDriver: WorkloadDriver {
    let specification: WorkloadSpecification
    let clientBase: Int
    let keyPrefix: String

    func setUp(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {}

    func step(
        client: Int, state: inout WorkloadClientState, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async {
        let name = "\(keyPrefix)-\(slot(&random))"
        let choice = percent(&random)
        if choice < 40 {
            var operation = template(client: client, kind: .createByName, key: name)
            let content = state.uniqueValue(client: client)
            let timeToLive = specification.timeToLiveSeconds * 10
            operation.name = name
            operation.data = content
            operation.ttlMilliseconds = timeToLive * 1000
            _ = await createStore(
                operation, target: specification.target, context: context, random: &random, deadline: deadline
            ) { client throws(BunnyClientError) in
                try await client.createByName(
                    name, customer: WorkloadContext.customer, body: Array(content.utf8), timeToLiveSeconds: timeToLive)
            }
        } else if choice < 80 {
            await lookup(
                name: name, client: client, workload: nil, context: context, random: &random, deadline: deadline)
        } else {
            var operation = template(client: client, kind: .deleteByName, key: name)
            operation.name = name
            _ = await context.callWithRetries(
                operation, pair: specification.pair, target: specification.target, random: &random, deadline: deadline,
                { client throws(BunnyClientError) in
                    try await client.deleteByName(name, customer: WorkloadContext.customer)
                })
        }
    }

    private func lookup(
        name: String, client: Int, workload: String?, context: WorkloadContext, random: inout LinkRandomGenerator,
        deadline: Int64
    ) async {
        var operation = template(client: client, kind: .lookupByName, key: name, workload: workload)
        operation.name = name
        _ = await context.callWithRetries(
            operation, pair: specification.pair, target: workload == nil ? specification.target : .primary,
            random: &random, deadline: deadline,
            { client throws(BunnyClientError) in try await client.lookup(name: name, customer: WorkloadContext.customer)
            },
            onSuccess: { store, operation in operation.store = store })
    }

    func finalReads(_ context: WorkloadContext, random: inout LinkRandomGenerator, deadline: Int64) async {
        for index in 0..<specification.keys {
            await lookup(
                name: "\(keyPrefix)-\(index)", client: clientBase, workload: "final", context: context, random: &random,
                deadline: deadline)
        }
    }
}
