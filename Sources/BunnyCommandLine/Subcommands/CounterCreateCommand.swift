import BunnyClient

/// `bbd counter-create`: a counter, anonymous or (`--name`) named; bounds only with
/// `--with-min` / `--with-max`.
enum CounterCreateCommand: ClientSubcommand {
    static let name = "counter-create"
    static let synopsis = "counter-create [options]"
    static let summary = "Create a counter store (anonymous or named)"
    static let argumentName: String? = nil

    static func defineFlags(_ flags: inout FlagSet) {
        flags.integer("ttl", usage: "TTL in seconds (0 = the daemon's default, 14 days)")
        flags.integer("value", usage: "initial value")
        flags.integer("min", usage: "lower bound (sent only with -with-min)")
        flags.integer("max", usage: "upper bound (sent only with -with-max)")
        flags.boolean("with-min", usage: "set the lower bound -min")
        flags.boolean("with-max", usage: "set the upper bound -max")
        flags.string("name", usage: "create a named counter (create-by-name)")
        flags.boolean("reuse", usage: "with -name: return the existing store if the name exists")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        let flags = context.flags
        let name = flags.string("name")
        do {
            let created = try await context.client.createCounter(
                customer: context.customer, value: flags.integer("value"),
                minimum: flags.boolean("with-min") ? flags.integer("min") : nil,
                maximum: flags.boolean("with-max") ? flags.integer("max") : nil,
                name: name.isEmpty ? nil : name, reuseIfExists: flags.boolean("reuse"),
                timeToLiveSeconds: context.timeToLive())
            context.io.output(created.storeID + "\n")
            context.printWarning(created.warning)
            return 0
        } catch {
            return context.failure(error, operation: Self.name)
        }
    }
}
