import BunnyClient
import BunnyCore

/// What the counter subcommands share: the delta flags and the pretty-printed JSON answer.
enum CounterOutput {
    static func defineDeltaFlags(_ flags: inout FlagSet, verb: String) {
        flags.integer("delta", default: 1, usage: "amount to \(verb) by")
        flags.integer("ttl", usage: "new TTL in seconds (0 = keep the current expiry)")
    }

    static func applyDelta(_ request: ClientRequest, operation: String, context: SubcommandContext) async -> Int32 {
        do {
            let response = try await context.client.perform(request)
            print(response, to: context)
            return 0
        } catch {
            return context.failure(error, operation: operation)
        }
    }

    /// A JSON object answer re-printed with sorted keys and two-space indentation; anything
    /// else printed as it came. Then the warning, if any.
    static func print(_ response: ClientResponse, to context: SubcommandContext) {
        if let value = try? JSONParser.parse(response.body.readableBytesView), value.objectValue != nil {
            context.io.output(JSONPrettyPrinter.render(value) + "\n")
        } else {
            context.io.writeOutput(response.bodyBytes + [UInt8(ascii: "\n")])
        }
        context.printWarning(response.warning)
    }
}
