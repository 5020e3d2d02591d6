import BunnyCore

/// Typed access to the members of one JSON object of a peer message, with the reference
/// decoder's (Go `encoding/json`) leniency and strictness:
///
/// * member names match case-insensitively, an exact match preferred (`JSONObject`);
/// * unknown members are ignored; a missing member or a JSON `null` gives the zero value;
/// * a value of the wrong JSON kind, or an integer out of the field's range, is an error.
struct PeerJSONObjectReader {
    let object: JSONObject
    /// Where this object sits in the document (for error paths); empty for the top level.
    let path: String

    /// Reads the top level of a body.
    static func document(_ bytes: some Collection<UInt8>) throws(PeerMessageDecodingError) -> PeerJSONObjectReader {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .invalidJSON(error)
        }
        // A top-level `null` is a no-op in Go (every field keeps its zero value).
        return try PeerJSONObjectReader(value, path: "")
    }

    /// Wraps an object value; `null` reads as an empty object.
    init(_ value: JSONValue, path: String) throws(PeerMessageDecodingError) {
        switch value {
        case .object(let object): self.object = object
        case .null: self.object = JSONObject()
        default: throw .wrongType(field: path.isEmpty ? "message" : path, expected: "an object")
        }
        self.path = path
    }

    func fieldPath(_ name: String) -> String { path.isEmpty ? name : path + "." + name }

    /// The member's value, or nil when it is missing or `null`.
    func value(_ name: String) -> JSONValue? {
        guard let value = object[name], !value.isNull else { return nil }
        return value
    }

    func string(_ name: String) throws(PeerMessageDecodingError) -> String {
        guard let value = value(name) else { return "" }
        guard case .string(let string) = value else { throw .wrongType(field: fieldPath(name), expected: "a string") }
        return string
    }

    func bool(_ name: String) throws(PeerMessageDecodingError) -> Bool {
        guard let value = value(name) else { return false }
        guard case .bool(let bool) = value else { throw .wrongType(field: fieldPath(name), expected: "a boolean") }
        return bool
    }

    private func number(_ name: String) throws(PeerMessageDecodingError) -> JSONNumber? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value else { throw .wrongType(field: fieldPath(name), expected: "a number") }
        return number
    }

    func int64(_ name: String) throws(PeerMessageDecodingError) -> Int64 {
        guard let number = try number(name) else { return 0 }
        guard let integer = number.int64Value else { throw .invalidNumber(field: fieldPath(name), text: number.text) }
        return integer
    }

    func uint64(_ name: String) throws(PeerMessageDecodingError) -> UInt64 {
        guard let number = try number(name) else { return 0 }
        guard let integer = number.uint64Value else { throw .invalidNumber(field: fieldPath(name), text: number.text) }
        return integer
    }

    func int(_ name: String) throws(PeerMessageDecodingError) -> Int {
        let integer = try int64(name)
        guard let narrowed = Int(exactly: integer) else {
            throw .invalidNumber(field: fieldPath(name), text: String(integer))
        }
        return narrowed
    }

    /// Integer nanoseconds.
    func duration(_ name: String) throws(PeerMessageDecodingError) -> Duration {
        .nanoseconds(try int64(name))
    }

    /// An RFC 3339 string; missing or `null` is unset.
    func time(_ name: String) throws(PeerMessageDecodingError) -> WallTime {
        guard let value = value(name) else { return .unset }
        guard case .string(let text) = value else {
            throw .wrongType(field: fieldPath(name), expected: "an RFC 3339 time string")
        }
        do {
            return try RFC3339Time.parse(text)
        } catch {
            throw .invalidTime(field: fieldPath(name), error)
        }
    }

    /// A standard-base64 string; missing or `null` is empty.
    func bytes(_ name: String) throws(PeerMessageDecodingError) -> [UInt8] {
        guard let value = value(name) else { return [] }
        guard case .string(let text) = value else {
            throw .wrongType(field: fieldPath(name), expected: "a base64 string")
        }
        do {
            return try StandardBase64.decode(text)
        } catch {
            throw .invalidBase64(field: fieldPath(name), error)
        }
    }

    /// The elements of an array member; missing or `null` is empty.
    func array(_ name: String) throws(PeerMessageDecodingError) -> [JSONValue] {
        guard let value = value(name) else { return [] }
        guard case .array(let elements) = value else { throw .wrongType(field: fieldPath(name), expected: "an array") }
        return elements
    }
}
