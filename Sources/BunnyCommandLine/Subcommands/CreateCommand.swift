import BunnyClient

/// `bbd create`: a blob store from `--data` or standard input, anonymous or (`--name`) named.
enum CreateCommand: ClientSubcommand {
    static let name = "create"
    static let synopsis = "create [options]"
    static let summary = "Create a blob store (anonymous or named)"
    static let argumentName: String? = nil

    static func defineFlags(_ flags: inout FlagSet) {
        flags.integer("ttl", usage: "TTL in seconds (0 = the daemon's default, 14 days)")
        flags.string("data", usage: "store contents (empty: read standard input)")
        flags.string("name", usage: "create a named store (create-by-name)")
        flags.boolean("reuse", usage: "with -name: return the existing store if the name exists")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        guard let body = context.bodyFromDataOrInput() else { return 1 }
        let name = context.flags.string("name")
        do {
            let created: CreatedStore
            if name.isEmpty {
                created = try await context.client.create(
                    customer: context.customer, body: body, timeToLiveSeconds: context.timeToLive())
            } else {
                created = try await context.client.createByName(
                    name, customer: context.customer, body: body, reuseIfExists: context.flags.boolean("reuse"),
                    timeToLiveSeconds: context.timeToLive())
            }
            context.io.output(created.storeID + "\n")
            context.printWarning(created.warning)
            return 0
        } catch {
            return context.failure(error, operation: Self.name)
        }
    }
}
