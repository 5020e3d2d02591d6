import BunnyClient

/// `bbd lookup <name>`: the store ID registered under a name.
enum LookupCommand: ClientSubcommand {
    static let name = "lookup"
    static let synopsis = "lookup [options] <name>"
    static let summary = "Look up a store ID by name"
    static let argumentName: String? = "name"

    static func run(_ context: SubcommandContext) async -> Int32 {
        do {
            let storeID = try await context.client.lookup(name: context.argument, customer: context.customer)
            context.io.output(storeID + "\n")
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
