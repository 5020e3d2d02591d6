import BunnyCore

/// The body of `POST /internal/replicate` (`internal-protocol.md` §7).
///
/// Encoding writes the reference's member order and omission rules, verified against the
/// golden samples: `type`, `store_id`, `shard_id`, `customer_id`, `data_type`, `body`,
/// `expires_at`, `version`, `leader_epoch`, `lock_id`, `lock_timeout`, `pending_name`,
/// `tombstone`, `source_host`, `timestamp`. Zero-valued members are left out except `type`,
/// `expires_at` and `timestamp`, which are always present. No trailing newline (request body).
///
/// Decoding follows the reference decoder: missing members and `null` are zero values (a
/// missing `type` is 0, CREATE), unknown members are ignored, names match case-insensitively,
/// and a member of the wrong JSON type is an error. A `type` outside 0–4 throws
/// `PeerMessageDecodingError.unknownMessageType(N)`, after the rest of the body has been
/// checked, so a body that is both malformed and of an unknown type reports the malformation.
/// Bodies in the exact shape senders produce take a fast path that gives the same results.
public enum StoreReplicationCodec {
    public static func encode(_ message: StoreReplicationMessage) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(message, appendingTo: &bytes)
        return bytes
    }

    /// Appends the message's body to `bytes` (a batch being built), with no copy in between.
    public static func encode(_ message: StoreReplicationMessage, appendingTo bytes: inout [UInt8]) {
        var writer = PeerJSONObjectWriter(
            continuing: &bytes, reservingCapacity: 320 + StandardBase64.encodedLength(of: message.body.count))
        writer.integer("type", message.kind.rawValue)
        if !message.storeID.isEmpty { writer.string("store_id", message.storeID) }
        if !message.shardID.isEmpty { writer.string("shard_id", message.shardID) }
        if !message.customerID.isEmpty { writer.string("customer_id", message.customerID) }
        if message.dataType != 0 { writer.integer("data_type", message.dataType) }
        if !message.body.isEmpty { writer.base64("body", message.body) }
        writer.time("expires_at", message.expiresAt)
        if message.version != 0 { writer.integer("version", message.version) }
        if message.leaderEpoch != 0 { writer.integer("leader_epoch", message.leaderEpoch) }
        if !message.lockID.isEmpty { writer.string("lock_id", message.lockID) }
        if message.lockTimeout.nanoseconds != 0 { writer.duration("lock_timeout", message.lockTimeout) }
        if !message.pendingName.isEmpty { writer.string("pending_name", message.pendingName) }
        if message.tombstone { writer.bool("tombstone", true) }
        if !message.sourceHost.isEmpty { writer.string("source_host", message.sourceHost) }
        writer.time("timestamp", message.timestamp)
        bytes = writer.finish()
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(PeerMessageDecodingError)
        -> StoreReplicationMessage
    {
        let scanned = bytes.withContiguousStorageIfAvailable { StoreReplicationMessageScanner.scan($0) }
        if let message = scanned ?? nil { return message }
        return try decodeInGeneral(bytes)
    }

    /// The general decoder, through a JSON tree: every body the fast path
    /// (`StoreReplicationMessageScanner`) leaves to it, with the reference's leniency and errors.
    static func decodeInGeneral(
        _ bytes: some Collection<UInt8>
    ) throws(PeerMessageDecodingError) -> StoreReplicationMessage {
        let reader = try PeerJSONObjectReader.document(bytes)
        let type = try reader.int64("type")
        let storeID = try reader.string("store_id")
        let shardID = try reader.string("shard_id")
        let customerID = try reader.string("customer_id")
        let dataType = try reader.int("data_type")
        let body = try reader.bytes("body")
        let expiresAt = try reader.time("expires_at")
        let version = try reader.uint64("version")
        let leaderEpoch = try reader.uint64("leader_epoch")
        let lockID = try reader.string("lock_id")
        let lockTimeout = try reader.duration("lock_timeout")
        let pendingName = try reader.string("pending_name")
        let tombstone = try reader.bool("tombstone")
        let sourceHost = try reader.string("source_host")
        let timestamp = try reader.time("timestamp")
        guard let kind = Int(exactly: type).flatMap(StoreReplicationMessage.Kind.init(rawValue:)) else {
            throw .unknownMessageType(type)
        }
        return StoreReplicationMessage(
            kind: kind, storeID: storeID, shardID: shardID, customerID: customerID, dataType: dataType, body: body,
            expiresAt: expiresAt, version: version, leaderEpoch: leaderEpoch, lockID: lockID,
            lockTimeout: lockTimeout, pendingName: pendingName, tombstone: tombstone, sourceHost: sourceHost,
            timestamp: timestamp)
    }
}
