import BunnyCore

/// Small helpers to write the lab's JSON by hand (stable key order, no Foundation needed).
public enum LabJSON {
    public static func appendString(_ string: String, to output: inout [UInt8]) {
        JSONText.appendString(string, to: &output)
    }

    public static func string(_ string: String) -> String {
        var bytes: [UInt8] = []
        JSONText.appendString(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `{"a":1,"b":"x"}` from already-encoded member values, in the given order.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    public static func array(_ elements: [String]) -> String { "[" + elements.joined(separator: ",") + "]" }

    public static func number(_ value: Double) -> String {
        value.isFinite ? (value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)) : "null"
    }
}
