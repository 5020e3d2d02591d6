import BunnyCore

/// The body of `POST /internal/heartbeat` (`internal-protocol.md` §6): every member always
/// present, in the order `host_id`, `site`, `address`, `leader_epoch`, `store_count`,
/// `memory_usage`, `timestamp`; no trailing newline (request body).
///
/// Decoding: missing members and `null` are zero values, unknown members are ignored, a
/// member of the wrong JSON type is an error (the reference's `400 invalid heartbeat`).
public enum HeartbeatCodec {
    public static func encode(_ message: HeartbeatMessage) -> [UInt8] {
        var writer = PeerJSONObjectWriter(reservingCapacity: 192)
        writer.string("host_id", message.hostID)
        writer.string("site", message.site)
        writer.string("address", message.address)
        writer.integer("leader_epoch", message.leaderEpoch)
        writer.integer("store_count", message.storeCount)
        writer.integer("memory_usage", message.memoryUsage)
        writer.time("timestamp", message.timestamp)
        return writer.finish()
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(PeerMessageDecodingError) -> HeartbeatMessage {
        let reader = try PeerJSONObjectReader.document(bytes)
        return HeartbeatMessage(
            hostID: try reader.string("host_id"),
            site: try reader.string("site"),
            address: try reader.string("address"),
            leaderEpoch: try reader.uint64("leader_epoch"),
            storeCount: try reader.int("store_count"),
            memoryUsage: try reader.int64("memory_usage"),
            timestamp: try reader.time("timestamp"))
    }
}
