import BunnyCore

/// Re-prints a JSON document with two-space indentation and object keys sorted by byte order
/// (the layout of Go's `json.MarshalIndent` over a map), for the counter subcommands. Numbers
/// keep their source text, so 64-bit values print exactly. A repeated key keeps its last value.
enum JSONPrettyPrinter {
    static func render(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        append(value, indentation: 0, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func append(_ value: JSONValue, indentation: Int, to output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            output.append(contentsOf: number.text.utf8)
        case .string(let string):
            JSONText.appendString(string, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(contentsOf: "[\n".utf8)
            for (index, element) in elements.enumerated() {
                appendIndentation(indentation + 1, to: &output)
                append(element, indentation: indentation + 1, to: &output)
                if index < elements.count - 1 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "\n"))
            }
            appendIndentation(indentation, to: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            var lastValues: [String: JSONValue] = [:]
            for member in object.members { lastValues[member.name] = member.value }
            guard !lastValues.isEmpty else {
                output.append(contentsOf: "{}".utf8)
                return
            }
            let names = lastValues.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            output.append(contentsOf: "{\n".utf8)
            for (index, name) in names.enumerated() {
                appendIndentation(indentation + 1, to: &output)
                JSONText.appendString(name, to: &output)
                output.append(contentsOf: ": ".utf8)
                append(lastValues[name]!, indentation: indentation + 1, to: &output)
                if index < names.count - 1 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "\n"))
            }
            appendIndentation(indentation, to: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func appendIndentation(_ level: Int, to output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
    }
}
