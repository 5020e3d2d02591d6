import BunnyClient

/// `bbd cancel-modify --lock ID <store-id>`.
enum CancelModifyCommand: ClientSubcommand {
    static let name = "cancel-modify"
    static let synopsis = "cancel-modify -lock <lock-id> [options] <store-id>"
    static let summary = "Cancel a modify"
    static let argumentName: String? = "store-id"

    static func defineFlags(_ flags: inout FlagSet) {
        flags.string("lock", usage: "lock ID from begin-modify (required)")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        let lockID = context.flags.string("lock")
        guard !lockID.isEmpty else {
            context.io.error("error: -lock is required\n")
            return 1
        }
        do {
            try await context.client.cancelModify(storeID: context.argument, lockID: lockID, customer: context.customer)
            context.io.output("cancelled\n")
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
