import BunnyClient

/// `bbd counter-set --value N <store-id>`: `POST /api/v1/update/{id}` with `{"value":N}`.
enum CounterSetCommand: ClientSubcommand {
    static let name = "counter-set"
    static let synopsis = "counter-set -value N [options] <store-id>"
    static let summary = "Set a counter to a value"
    static let argumentName: String? = "store-id"

    static func defineFlags(_ flags: inout FlagSet) {
        flags.integer("value", usage: "the new value")
        flags.integer("ttl", usage: "new TTL in seconds (0 = keep the current expiry)")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        do {
            let acknowledgement = try await context.client.setCounter(
                storeID: context.argument, customer: context.customer, value: context.flags.integer("value"),
                timeToLiveSeconds: context.timeToLive())
            context.io.output("ok\n")
            context.printWarning(acknowledgement.warning)
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
