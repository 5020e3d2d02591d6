import BunnyCore

/// The body of `POST /internal/replicate-binary`, our second extension of the peer protocol:
/// the same batches as `/internal/replicate-batch`, with each store message in a fixed binary
/// layout instead of JSON. Between two of our nodes the JSON was the largest per-message cost
/// left on both sides of a batch (about 9 % of the primary's CPU and 29 % of the secondary's
/// at full load, `docs/performance.md`); a reference peer never sees this channel.
///
/// Layout, integers little-endian:
///
///     body    := "BBRB" version:u8(=1) record*
///     record  := length:u32 (of what follows, 1…4096) form:u8 payload
///     form 1  := a store message (types 0–4):
///                type:u8 leader_epoch:u64 flags:u8 (bit 0 tombstone, others 0)
///                data_type:i64 expires_at:i64 version:u64 lock_timeout:i64 timestamp:i64
///                store_id shard_id customer_id lock_id pending_name source_host body
///                (each a length:u16 and its bytes; strings UTF-8)
///     form 2  := one JSON line of `/internal/replicate-batch` (a registry message, or a store
///                message too large for the binary form)
///
/// Times are nanoseconds since 1970 (0: unset) and `lock_timeout` nanoseconds, exactly the
/// values the sender holds, so a binary round trip never loses what RFC 3339 text would keep.
/// The type and epoch of a form-1 record sit at fixed offsets (10 and 11 of the body for the
/// first record) so the lab's proxy can journal them without this codec.
///
/// The receiver answers exactly as for a JSON batch: it applies records in order, stops at the
/// first it cannot decode or apply, and reports the count applied before it in
/// `Bigbunny-Replication-Applied`. A record that cannot be framed (short, too long, bad form,
/// bad UTF-8, bytes left over) is `400 invalid message`; an unknown type is
/// `500 unknown message type: N`, as on the JSON channels.
public enum ReplicationBinaryBatchCodec {
    public static let path = "/internal/replicate-binary"
    public static let feature = "replicate-binary"
    public static let contentType = "application/vnd.bigbunny.replication-batch"
    public static let magic: [UInt8] = Array("BBRB".utf8)
    public static let version: UInt8 = 1
    public static let headerBytes = 5

    enum Form: UInt8 {
        case binaryStore = 1
        case jsonLine = 2
    }

    /// The body's header, to which `append` adds records.
    public static func emptyBody(reservingCapacity capacity: Int = 0) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(headerBytes + capacity)
        body.append(contentsOf: magic)
        body.append(version)
        return body
    }

    public static func encode(_ messages: [ReplicationMessage]) -> [UInt8] {
        var body = emptyBody(reservingCapacity: messages.count * 200)
        for message in messages { append(message, to: &body) }
        return body
    }

    /// Appends one record to a body started by `emptyBody`.
    public static func append(_ message: ReplicationMessage, to body: inout [UInt8]) {
        let lengthAt = body.count
        body.append(contentsOf: [0, 0, 0, 0])
        if case .store(let store) = message, fitsBinaryForm(store) {
            body.append(Form.binaryStore.rawValue)
            appendBinary(store, to: &body)
        } else {
            body.append(Form.jsonLine.rawValue)
            switch message {
            case .store(let store): StoreReplicationCodec.encode(store, appendingTo: &body)
            case .registry(let registry): RegistryReplicationCodec.encode(registry, appendingTo: &body)
            }
        }
        let length = UInt32(body.count - lengthAt - 4)
        for index in 0..<4 { body[lengthAt + index] = UInt8(truncatingIfNeeded: length >> (8 * index)) }
    }

    /// Reads the records of a body one at a time, so the receiver can apply each before
    /// decoding the next (a failure stops the batch where it happened).
    public struct Reader {
        private let body: [UInt8]
        private var position: Int
        private var headerError: PeerMessageDecodingError?

        public init(_ body: [UInt8]) {
            self.body = body
            position = headerBytes
            if body.count < headerBytes || !body.starts(with: magic) {
                headerError = .invalidBinary(field: "header", reason: "not a binary replication batch")
            } else if body[4] != version {
                headerError = .invalidBinary(field: "header", reason: "unknown version \(body[4])")
            }
        }

        /// The next message, or nil after the last record.
        public mutating func next() throws(PeerMessageDecodingError) -> ReplicationMessage? {
            if let headerError { throw headerError }
            guard position < body.count else { return nil }
            var cursor = ByteCursor(body, from: position)
            let length = Int(try cursor.unsigned(UInt32.self, field: "length"))
            guard length >= 1, length <= ReplicationBatchCodec.maximumMessageBytes else {
                throw .invalidBinary(field: "length", reason: "record of \(length) bytes")
            }
            guard cursor.remaining >= length else {
                throw .invalidBinary(field: "length", reason: "past the body's end")
            }
            let end = cursor.position + length
            position = end
            var record = ByteCursor(body, from: cursor.position, to: end)
            switch Form(rawValue: try record.unsigned(UInt8.self, field: "form")) {
            case .binaryStore:
                let message = try ReplicationBinaryBatchCodec.decodeBinaryStore(&record)
                guard record.remaining == 0 else {
                    throw .invalidBinary(field: "record", reason: "bytes after the body")
                }
                return .store(message)
            case .jsonLine:
                return try ReplicationBatchCodec.decodeLine(body[record.position..<end])
            case nil:
                throw .invalidBinary(field: "form", reason: "unknown record form")
            }
        }
    }

    /// Whether the heartbeat answer's features header offers this channel.
    public static func isOffered(byFeatures value: String?) -> Bool {
        ReplicationBatchCodec.isOffered(feature: feature, byFeatures: value)
    }

    // MARK: - The binary store form

    private static func fitsBinaryForm(_ message: StoreReplicationMessage) -> Bool {
        let limit = Int(UInt16.max)
        return message.body.count <= limit && message.storeID.utf8.count <= limit
            && message.shardID.utf8.count <= limit && message.customerID.utf8.count <= limit
            && message.lockID.utf8.count <= limit && message.pendingName.utf8.count <= limit
            && message.sourceHost.utf8.count <= limit
    }

    private static func appendBinary(_ message: StoreReplicationMessage, to body: inout [UInt8]) {
        body.append(UInt8(message.kind.rawValue))
        appendInteger(message.leaderEpoch, to: &body)
        body.append(message.tombstone ? 1 : 0)
        appendInteger(Int64(message.dataType), to: &body)
        appendInteger(message.expiresAt.nanosecondsSinceEpoch, to: &body)
        appendInteger(message.version, to: &body)
        appendInteger(message.lockTimeout.nanoseconds, to: &body)
        appendInteger(message.timestamp.nanosecondsSinceEpoch, to: &body)
        appendBytes(message.storeID.utf8, to: &body)
        appendBytes(message.shardID.utf8, to: &body)
        appendBytes(message.customerID.utf8, to: &body)
        appendBytes(message.lockID.utf8, to: &body)
        appendBytes(message.pendingName.utf8, to: &body)
        appendBytes(message.sourceHost.utf8, to: &body)
        appendBytes(message.body, to: &body)
    }

    private static func decodeBinaryStore(
        _ record: inout ByteCursor
    ) throws(PeerMessageDecodingError) -> StoreReplicationMessage {
        let type = try record.unsigned(UInt8.self, field: "type")
        let leaderEpoch = try record.unsigned(UInt64.self, field: "leader_epoch")
        let flags = try record.unsigned(UInt8.self, field: "flags")
        guard flags & ~1 == 0 else { throw .invalidBinary(field: "flags", reason: "unknown flags \(flags)") }
        let dataType = try record.signed(field: "data_type")
        let expiresAt = try record.signed(field: "expires_at")
        let version = try record.unsigned(UInt64.self, field: "version")
        let lockTimeout = try record.signed(field: "lock_timeout")
        let timestamp = try record.signed(field: "timestamp")
        let storeID = try record.string(field: "store_id")
        let shardID = try record.string(field: "shard_id")
        let customerID = try record.string(field: "customer_id")
        let lockID = try record.string(field: "lock_id")
        let pendingName = try record.string(field: "pending_name")
        let sourceHost = try record.string(field: "source_host")
        let body = try record.bytes(field: "body")
        guard let kind = StoreReplicationMessage.Kind(rawValue: Int(type)) else {
            throw .unknownMessageType(Int64(type))
        }
        guard let dataTypeValue = Int(exactly: dataType) else {
            throw .invalidNumber(field: "data_type", text: String(dataType))
        }
        return StoreReplicationMessage(
            kind: kind, storeID: storeID, shardID: shardID, customerID: customerID, dataType: dataTypeValue,
            body: body, expiresAt: WallTime(nanosecondsSinceEpoch: expiresAt), version: version,
            leaderEpoch: leaderEpoch, lockID: lockID, lockTimeout: .nanoseconds(lockTimeout),
            pendingName: pendingName, tombstone: flags & 1 == 1, sourceHost: sourceHost,
            timestamp: WallTime(nanosecondsSinceEpoch: timestamp))
    }

    private static func appendInteger<Value: FixedWidthInteger>(_ value: Value, to body: inout [UInt8]) {
        var littleEndian = value.littleEndian
        withUnsafeBytes(of: &littleEndian) { body.append(contentsOf: $0) }
    }

    private static func appendBytes(_ bytes: some Collection<UInt8>, to body: inout [UInt8]) {
        appendInteger(UInt16(bytes.count), to: &body)
        body.append(contentsOf: bytes)
    }
}

/// Bounds-checked little-endian reads over a range of a byte array.
private struct ByteCursor {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], from position: Int, to end: Int? = nil) {
        self.bytes = bytes
        self.position = position
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - position }

    mutating func unsigned<Value: UnsignedInteger & FixedWidthInteger>(
        _ type: Value.Type, field: String
    ) throws(PeerMessageDecodingError) -> Value {
        let size = MemoryLayout<Value>.size
        guard remaining >= size else { throw .invalidBinary(field: field, reason: "truncated") }
        var value: Value = 0
        for index in 0..<size { value |= Value(bytes[position + index]) << (8 * index) }
        position += size
        return value
    }

    mutating func signed(field: String) throws(PeerMessageDecodingError) -> Int64 {
        Int64(bitPattern: try unsigned(UInt64.self, field: field))
    }

    mutating func bytes(field: String) throws(PeerMessageDecodingError) -> [UInt8] {
        let count = Int(try unsigned(UInt16.self, field: field))
        guard remaining >= count else { throw .invalidBinary(field: field, reason: "truncated") }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func string(field: String) throws(PeerMessageDecodingError) -> String {
        let count = Int(try unsigned(UInt16.self, field: field))
        guard remaining >= count else { throw .invalidBinary(field: field, reason: "truncated") }
        defer { position += count }
        if count == 0 { return "" }
        guard let text = String(validating: bytes[position..<position + count], as: UTF8.self) else {
            throw .invalidBinary(field: field, reason: "not UTF-8")
        }
        return text
    }
}
