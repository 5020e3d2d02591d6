import BunnyClient

/// `bbd counter-increment [--delta N] <store-id>`.
enum CounterIncrementCommand: ClientSubcommand {
    static let name = "counter-increment"
    static let synopsis = "counter-increment [-delta N] [options] <store-id>"
    static let summary = "Increment a counter"
    static let argumentName: String? = "store-id"

    static func defineFlags(_ flags: inout FlagSet) {
        CounterOutput.defineDeltaFlags(&flags, verb: "increment")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        await CounterOutput.applyDelta(
            .increment(
                storeID: context.argument, customer: context.customer, delta: context.flags.integer("delta"),
                timeToLiveSeconds: context.timeToLive()),
            operation: name, context: context)
    }
}
