import BunnyClient

/// `bbd get <store-id>`: the contents, raw, without a trailing newline.
enum GetCommand: ClientSubcommand {
    static let name = "get"
    static let synopsis = "get [options] <store-id>"
    static let summary = "Get store contents"
    static let argumentName: String? = "store-id"

    static func defineFlags(_ flags: inout FlagSet) {
        flags.boolean("ttl", usage: "also print the remaining TTL to stderr")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        do {
            let snapshot = try await context.client.snapshot(storeID: context.argument, customer: context.customer)
            if context.flags.boolean("ttl"), let seconds = snapshot.remainingSeconds {
                context.io.error("TTL: \(seconds) seconds\n")
            }
            context.io.writeOutput(snapshot.body)
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
