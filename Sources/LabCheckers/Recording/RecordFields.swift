import BunnyCore

/// Typed access to the members of one recorded JSON line, with errors that name the field.
struct RecordFields {
    let object: JSONObject
    let context: String

    func optionalString(_ name: String) -> String? { object[name]?.stringValue }

    func optionalInteger(_ name: String) -> Int64? {
        if case .number(let number)? = object[name] { return number.int64Value }
        return nil
    }

    func optionalBool(_ name: String) -> Bool? {
        if case .bool(let value)? = object[name] { return value }
        return nil
    }

    func requiredString(_ name: String) throws(RecordingError) -> String {
        guard let value = optionalString(name) else {
            throw RecordingError(reason: "\(context): missing or non-string \"\(name)\"")
        }
        return value
    }

    func requiredInteger(_ name: String) throws(RecordingError) -> Int64 {
        guard let value = optionalInteger(name) else {
            throw RecordingError(reason: "\(context): missing or non-integer \"\(name)\"")
        }
        return value
    }
}
