import BunnyClient

/// `bbd delete <store-id>`.
enum DeleteCommand: ClientSubcommand {
    static let name = "delete"
    static let synopsis = "delete [options] <store-id>"
    static let summary = "Delete a store by ID"
    static let argumentName: String? = "store-id"

    static func run(_ context: SubcommandContext) async -> Int32 {
        do {
            let acknowledgement = try await context.client.delete(
                storeID: context.argument, customer: context.customer)
            context.io.output("deleted\n")
            context.printWarning(acknowledgement.warning)
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
