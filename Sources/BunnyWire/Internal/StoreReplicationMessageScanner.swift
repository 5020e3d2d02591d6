import BunnyCore

/// The fast path of `StoreReplicationCodec.decode`: one pass over a body of the exact shape
/// that this implementation and the reference send, decoded straight from the bytes without
/// building a JSON tree (the tree, its strings and the member lookups were a third of a
/// secondary's CPU under replication load).
///
/// The shape: one object, no whitespace, members with known lowercase names each at most
/// once, string values in ASCII without escapes, integers as plain non-negative decimals of at
/// most 18 digits, `true` / `false` / `null`. Anything else — a space, an escape, an unknown
/// or differently cased name, a repeated member, a value of the wrong kind, a time or base64
/// value its decoder refuses, an unknown `type` — returns nil, and the general decoder
/// decides. So the fast path never changes a result: for every body it accepts, the general
/// decoder gives the same message.
enum StoreReplicationMessageScanner {
    /// The message, or nil when the general decoder must decide.
    static func scan(_ buffer: UnsafeBufferPointer<UInt8>) -> StoreReplicationMessage? {
        var scanner = Scanner(buffer: buffer)
        return scanner.message()
    }

    private enum Field: UInt16, CaseIterable {
        case type, storeID, shardID, customerID, dataType, body, expiresAt, version, leaderEpoch, lockID
        case lockTimeout, pendingName, tombstone, sourceHost, timestamp

        var name: StaticString {
            switch self {
            case .type: return "type"
            case .storeID: return "store_id"
            case .shardID: return "shard_id"
            case .customerID: return "customer_id"
            case .dataType: return "data_type"
            case .body: return "body"
            case .expiresAt: return "expires_at"
            case .version: return "version"
            case .leaderEpoch: return "leader_epoch"
            case .lockID: return "lock_id"
            case .lockTimeout: return "lock_timeout"
            case .pendingName: return "pending_name"
            case .tombstone: return "tombstone"
            case .sourceHost: return "source_host"
            case .timestamp: return "timestamp"
            }
        }

        var bit: UInt16 { 1 << rawValue }
    }

    /// A member value as it appears in the body.
    private enum Value {
        case string(Range<Int>)
        case integer(UInt64)
        case bool(Bool)
        case null
    }

    private struct Scanner {
        let buffer: UnsafeBufferPointer<UInt8>
        var position = 0

        init(buffer: UnsafeBufferPointer<UInt8>) {
            self.buffer = buffer
        }

        mutating func message() -> StoreReplicationMessage? {
            guard buffer.count > 2, buffer[0] == UInt8(ascii: "{"), buffer[buffer.count - 1] == UInt8(ascii: "}")
            else { return nil }
            position = 1
            var seen: UInt16 = 0
            var type: Int64 = 0
            var message = StoreReplicationMessage(kind: .createStore, storeID: "", shardID: "", customerID: "")
            while true {
                guard let field = memberName(), seen & field.bit == 0, let value = value() else { return nil }
                seen |= field.bit
                guard assign(value, to: field, of: &message, type: &type) else { return nil }
                guard position < buffer.count else { return nil }
                if buffer[position] == UInt8(ascii: ",") {
                    position += 1
                } else if buffer[position] == UInt8(ascii: "}"), position == buffer.count - 1 {
                    break
                } else {
                    return nil
                }
            }
            guard let kind = StoreReplicationMessage.Kind(rawValue: Int(type)) else { return nil }
            message.kind = kind
            return message
        }

        /// `"name":` for a known name.
        private mutating func memberName() -> Field? {
            guard let range = plainString() else { return nil }
            guard position < buffer.count, buffer[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            let name = UnsafeBufferPointer(rebasing: buffer[range])
            return Field.allCases.first { field in
                field.name.utf8CodeUnitCount == name.count
                    && zip(name, UnsafeBufferPointer(start: field.name.utf8Start, count: name.count)).allSatisfy(==)
            }
        }

        /// A string of printable ASCII without escapes; the range excludes the quotes.
        private mutating func plainString() -> Range<Int>? {
            guard position < buffer.count, buffer[position] == UInt8(ascii: "\"") else { return nil }
            let start = position + 1
            var end = start
            while end < buffer.count {
                let byte = buffer[end]
                if byte == UInt8(ascii: "\"") { break }
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
                end += 1
            }
            guard end < buffer.count else { return nil }
            position = end + 1
            return start..<end
        }

        private mutating func value() -> Value? {
            guard position < buffer.count else { return nil }
            switch buffer[position] {
            case UInt8(ascii: "\""):
                return plainString().map { .string($0) }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return integer().map { .integer($0) }
            case UInt8(ascii: "t"):
                return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"):
                return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"):
                return literal("null") ? .null : nil
            default:
                return nil
            }
        }

        /// `0` or a decimal without a leading zero, at most 18 digits (so it fits `Int64`),
        /// followed by a member separator or the end of the object.
        private mutating func integer() -> UInt64? {
            let start = position
            var value: UInt64 = 0
            while position < buffer.count, buffer[position] >= UInt8(ascii: "0"), buffer[position] <= UInt8(ascii: "9")
            {
                value = value * 10 + UInt64(buffer[position] - UInt8(ascii: "0"))
                position += 1
                guard position - start <= 18 else { return nil }
            }
            if buffer[start] == UInt8(ascii: "0"), position - start > 1 { return nil }
            guard position < buffer.count,
                buffer[position] == UInt8(ascii: ",") || buffer[position] == UInt8(ascii: "}")
            else { return nil }
            return value
        }

        private mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard position + count <= buffer.count else { return false }
            for index in 0..<count where buffer[position + index] != text.utf8Start[index] { return false }
            position += count
            return true
        }

        private func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }

        /// Stores a value in its field; false when the kinds differ or the value is refused.
        private func assign(
            _ value: Value, to field: Field, of message: inout StoreReplicationMessage, type: inout Int64
        ) -> Bool {
            switch (field, value) {
            case (_, .null):
                return true
            case (.type, .integer(let integer)):
                type = Int64(integer)
            case (.dataType, .integer(let integer)):
                message.dataType = Int(integer)
            case (.version, .integer(let integer)):
                message.version = integer
            case (.leaderEpoch, .integer(let integer)):
                message.leaderEpoch = integer
            case (.lockTimeout, .integer(let integer)):
                message.lockTimeout = .nanoseconds(Int64(integer))
            case (.tombstone, .bool(let bool)):
                message.tombstone = bool
            case (.storeID, .string(let range)):
                message.storeID = text(range)
            case (.shardID, .string(let range)):
                message.shardID = text(range)
            case (.customerID, .string(let range)):
                message.customerID = text(range)
            case (.lockID, .string(let range)):
                message.lockID = text(range)
            case (.pendingName, .string(let range)):
                message.pendingName = text(range)
            case (.sourceHost, .string(let range)):
                message.sourceHost = text(range)
            case (.body, .string(let range)):
                guard let body = try? StandardBase64.decode(bytes: UnsafeBufferPointer(rebasing: buffer[range])) else {
                    return false
                }
                message.body = body
            case (.expiresAt, .string(let range)):
                guard let time = try? RFC3339Time.parse(bytes: UnsafeBufferPointer(rebasing: buffer[range])) else {
                    return false
                }
                message.expiresAt = time
            case (.timestamp, .string(let range)):
                guard let time = try? RFC3339Time.parse(bytes: UnsafeBufferPointer(rebasing: buffer[range])) else {
                    return false
                }
                message.timestamp = time
            default:
                return false
            }
            return true
        }
    }
}
