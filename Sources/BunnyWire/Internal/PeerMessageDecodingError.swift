import BunnyCore

/// Why a peer-protocol body could not be decoded.
///
/// Every case except `unknownMessageType` is what the reference answers with
/// `400 invalid message` / `400 invalid heartbeat` (an undecodable body). `unknownMessageType`
/// is different: the JSON was fine but its `type` is not one this channel handles, which the
/// reference answers with `500` and the text `unknown message type: N` (this error's
/// `description`).
///
/// Field paths name the wire member, prefixed by its place in the document for nested records,
/// e.g. `stores[2].Lock.Timeout`.
public enum PeerMessageDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a JSON document (syntax, trailing data, nesting too deep, bad UTF-8…).
    case invalidJSON(JSONParseError)
    /// A member (or the document itself, path `message`) holds a JSON value of the wrong kind.
    case wrongType(field: String, expected: String)
    /// A number that is not an integer, or not within the field's integer range.
    case invalidNumber(field: String, text: String)
    /// A time string that is not RFC 3339.
    case invalidTime(field: String, RFC3339TimeError)
    /// A byte string that is not padded standard base64.
    case invalidBase64(field: String, StandardBase64Error)
    /// An integer that is a valid number but not one of the field's enumeration values.
    case invalidEnumeration(field: String, value: Int64)
    /// The message `type` is not handled on this channel (`500 unknown message type: N`).
    case unknownMessageType(Int64)
    /// A record of a binary batch that cannot be framed (`ReplicationBinaryBatchCodec`).
    case invalidBinary(field: String, reason: String)

    public var description: String {
        switch self {
        case .invalidJSON(let error): return error.description
        case .wrongType(let field, let expected): return "\(field): expected \(expected)"
        case .invalidNumber(let field, let text): return "\(field): invalid integer \(text)"
        case .invalidTime(let field, let error): return "\(field): \(error)"
        case .invalidBase64(let field, let error): return "\(field): \(error)"
        case .invalidEnumeration(let field, let value): return "\(field): unknown value \(value)"
        case .unknownMessageType(let type): return "unknown message type: \(type)"
        case .invalidBinary(let field, let reason): return "\(field): \(reason)"
        }
    }

    /// True for an undecodable body (the reference's `400`), false for `unknownMessageType`.
    public var isMalformedBody: Bool {
        if case .unknownMessageType = self { return false }
        return true
    }
}
