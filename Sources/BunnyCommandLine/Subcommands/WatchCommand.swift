import BunnyClient

/// `bbd watch <store-id>`: prints the contents each time the store changes (a line per change
/// on stderr with its version), until `--count` changes were seen or a wait ends unchanged.
enum WatchCommand: ClientSubcommand {
    static let name = "watch"
    static let synopsis = "watch [options] <store-id>"
    static let summary = "Wait for changes to a store and print each new content"
    static let argumentName: String? = "store-id"

    static func defineFlags(_ flags: inout FlagSet) {
        flags.integer("version", usage: "the version already seen (0 = print the current content first)")
        flags.integer("count", default: 1, usage: "changes to print before exiting")
        flags.integer("timeout", default: 30, usage: "seconds to wait for each change (at most 120)")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        var known = UInt64(clamping: context.flags.integer("version"))
        let count = max(1, context.flags.int("count"))
        let timeout = context.flags.int("timeout")
        do {
            for _ in 0..<count {
                guard
                    let change = try await context.client.watch(
                        storeID: context.argument, customer: context.customer, knownVersion: known,
                        timeoutSeconds: timeout)
                else {
                    context.io.error("no change within \(timeout) seconds (version \(known))\n")
                    return 3
                }
                context.io.error("version \(change.version)\n")
                context.io.writeOutput(change.snapshot.body)
                context.io.writeOutput(Array("\n".utf8))
                known = change.version
            }
            return 0
        } catch {
            return context.failure(error, operation: name)
        }
    }
}
