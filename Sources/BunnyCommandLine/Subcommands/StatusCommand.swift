import BunnyClient
import BunnyCore

/// `bbd status [--json]`: `GET /status`, raw or as fixed lines. The HTTP status is not
/// checked (a node always answers status); an answer that is not a JSON object fails.
enum StatusCommand: ClientSubcommand {
    static let name = "status"
    static let synopsis = "status [options]"
    static let summary = "Show node status"
    static let argumentName: String? = nil
    static let usesCustomer = false

    static func defineFlags(_ flags: inout FlagSet) {
        flags.boolean("json", usage: "print the raw JSON answer")
    }

    static func run(_ context: SubcommandContext) async -> Int32 {
        let io = context.io
        let response: ClientResponse
        do {
            response = try await context.client.send(.status())
        } catch {
            io.error("error: \(error)\n")
            return 1
        }
        if context.flags.boolean("json") {
            io.writeOutput(response.bodyBytes + [UInt8(ascii: "\n")])
            return 0
        }
        let status: JSONObject
        do {
            guard let object = try JSONParser.parse(response.body.readableBytesView).objectValue else {
                io.error("error parsing response: not a JSON object\n")
                return 1
            }
            status = object
        } catch {
            io.error("error parsing response: \(error)\n")
            return 1
        }
        var text = ""
        text += "Host ID:        \(display(status["host_id"]))\n"
        text += "Role:           \(display(status["role"]))\n"
        text += "Leader Epoch:   \(display(status["leader_epoch"]))\n"
        text += "Last Leader:    \(display(status["last_leader_seen"])) ago\n"
        text += "Store Count:    \(display(status["store_count"]))\n"
        text += "Memory Usage:   \(display(status["memory_usage"])) bytes\n"
        text += "Queue Length:   \(display(status["queue_length"]))\n"
        text += "Tombstones:     \(display(status["tombstone_count"]))\n"
        text += "Registry Count: \(display(status["registry_count"]))\n"
        if let peers = status["peers"]?.objectValue, !peers.members.isEmpty {
            text += "Peers:\n"
            for (name, value) in sortedMembers(peers) {
                text += "  \(name): \(display(value)) ago\n"
            }
        }
        if let states = status["registry_states"]?.objectValue, !states.members.isEmpty {
            text += "Registry States:\n"
            for (name, value) in sortedMembers(states) {
                text += "  \(name): \(display(value))\n"
            }
        }
        io.output(text)
        return 0
    }

    private static func display(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return "-"
        case .string(let string)?: return string
        case .number(let number)?: return number.text
        case .bool(let flag)?: return flag ? "true" : "false"
        case let other?: return JSONPrettyPrinter.render(other)
        }
    }

    private static func sortedMembers(_ object: JSONObject) -> [(String, JSONValue)] {
        var lastValues: [String: JSONValue] = [:]
        for member in object.members { lastValues[member.name] = member.value }
        return lastValues.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, lastValues[$0]!) }
    }
}
