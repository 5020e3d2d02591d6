import BunnyClient

/// `bbd promote`: force this node to PRIMARY (`POST /internal/promote`).
enum PromoteCommand: ClientSubcommand {
    static let name = "promote"
    static let synopsis = "promote [options]"
    static let summary = "Force promotion to primary"
    static let argumentName: String? = nil
    static let usesCustomer = false

    static func run(_ context: SubcommandContext) async -> Int32 {
        let response: ClientResponse
        do {
            response = try await context.client.send(.promote())
        } catch {
            context.io.error("error: \(error)\n")
            return 1
        }
        guard response.status == 200 else {
            context.io.error("promote failed: \(ErrorResponse(response: response).message)\n")
            return 1
        }
        context.io.output("promoted to PRIMARY\n")
        return 0
    }
}
