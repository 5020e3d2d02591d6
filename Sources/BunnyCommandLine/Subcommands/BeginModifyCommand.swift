import BunnyClient

/// `bbd begin-modify <store-id>`: the lock ID on stdout (so `LOCK=$(bbd begin-modify ID)`
/// works), the TTL and, with `--data`, the current contents on stderr (DECISIONS 35).
enum BeginModifyCommand: ClientSubcommand {
    static let name = "begin-modify"
    static let synopsis = "begin-modify [options] <store-id>"
    static let summary = "Begin a modify (prints the lock ID)"
    static let argumentName: String? = "store-id"

    static func defineFlags(_ flags: inout FlagSet) {
        flags.boolean("data", usage: "also print the current contents to stderr")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        do {
            let lock = try await context.client.beginModify(storeID: context.argument, customer: context.customer)
            context.io.output(lock.lockID + "\n")
            if let seconds = lock.remainingSeconds {
                context.io.error("TTL: \(seconds) seconds\n")
            }
            if context.flags.boolean("data") {
                context.io.writeError(Array("Data: ".utf8) + lock.body + [UInt8(ascii: "\n")])
            }
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
