import BunnyClient

/// `bbd delete-named <name>`.
enum DeleteNamedCommand: ClientSubcommand {
    static let name = "delete-named"
    static let synopsis = "delete-named [options] <name>"
    static let summary = "Delete a store by name"
    static let argumentName: String? = "name"

    static func run(_ context: SubcommandContext) async -> Int32 {
        do {
            let acknowledgement = try await context.client.deleteByName(context.argument, customer: context.customer)
            context.io.output("deleted\n")
            context.printWarning(acknowledgement.warning)
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
