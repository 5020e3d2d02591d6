import BunnyClient

/// `bbd release-lock <store-id>`: clear a stuck lock (`POST /internal/release-lock/{id}`).
enum ReleaseLockCommand: ClientSubcommand {
    static let name = "release-lock"
    static let synopsis = "release-lock [options] <store-id>"
    static let summary = "Force release a lock"
    static let argumentName: String? = "store-id"
    static let usesCustomer = false

    static func run(_ context: SubcommandContext) async -> Int32 {
        let response: ClientResponse
        do {
            response = try await context.client.send(.releaseLock(storeID: context.argument))
        } catch {
            context.io.error("error: \(error)\n")
            return 1
        }
        guard response.status == 200 else {
            context.io.error("release-lock failed: \(ErrorResponse(response: response).message)\n")
            return 1
        }
        context.io.output("lock released on \(context.argument)\n")
        return 0
    }
}
