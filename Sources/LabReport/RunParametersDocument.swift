import BunnyCore

/// The parameters table from `run.json` (or any flat JSON object): one row per member, lists
/// joined with `; `, nested objects as `{name: value, …}`.
public enum RunParametersDocument {
    public static func parameters(_ bytes: some Collection<UInt8>) -> [ReportParameter] {
        guard let object = try? JSONParser.parse(bytes).objectValue else { return [] }
        return object.members.map { ReportParameter($0.name, text($0.value)) }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "–"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.text
        case .string(let string): return string
        case .array(let values): return values.isEmpty ? "–" : values.map(text).joined(separator: "; ")
        case .object(let object):
            return "{" + object.members.map { "\($0.name): \(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
