import BunnyClient

/// `bbd complete-modify --lock ID <store-id>`: new contents from `--data` or standard input.
enum CompleteModifyCommand: ClientSubcommand {
    static let name = "complete-modify"
    static let synopsis = "complete-modify -lock <lock-id> [options] <store-id>"
    static let summary = "Complete a modify with new contents"
    static let argumentName: String? = "store-id"

    static func defineFlags(_ flags: inout FlagSet) {
        flags.string("lock", usage: "lock ID from begin-modify (required)")
        flags.integer("ttl", usage: "new TTL in seconds (0 = keep the current expiry)")
        flags.string("data", usage: "new contents (empty: read standard input)")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        let lockID = context.flags.string("lock")
        guard !lockID.isEmpty else {
            context.io.error("error: -lock is required\n")
            return 1
        }
        guard let body = context.bodyFromDataOrInput() else { return 1 }
        do {
            let acknowledgement = try await context.client.completeModify(
                storeID: context.argument, lockID: lockID, customer: context.customer, body: body,
                timeToLiveSeconds: context.timeToLive())
            context.io.output("modified\n")
            context.printWarning(acknowledgement.warning)
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
