import BunnyClient

/// `bbd counter-get <store-id>`: the snapshot JSON, pretty-printed.
enum CounterGetCommand: ClientSubcommand {
    static let name = "counter-get"
    static let synopsis = "counter-get [options] <store-id>"
    static let summary = "Get a counter's value"
    static let argumentName: String? = "store-id"

    static func run(_ context: SubcommandContext) async -> Int32 {
        do {
            let response = try await context.client.perform(
                .snapshot(storeID: context.argument, customer: context.customer))
            CounterOutput.print(response, to: context)
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
