import BunnyClient

/// `bbd counter-decrement [--delta N] <store-id>`.
enum CounterDecrementCommand: ClientSubcommand {
    static let name = "counter-decrement"
    static let synopsis = "counter-decrement [-delta N] [options] <store-id>"
    static let summary = "Decrement a counter"
    static let argumentName: String? = "store-id"

    static func defineFlags(_ flags: inout FlagSet) {
        CounterOutput.defineDeltaFlags(&flags, verb: "decrement")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        await CounterOutput.applyDelta(
            .decrement(
                storeID: context.argument, customer: context.customer, delta: context.flags.integer("delta"),
                timeToLiveSeconds: context.timeToLive()),
            operation: name, context: context)
    }
}
