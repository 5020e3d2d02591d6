import BunnyCore

/// The `200` response body of `POST /internal/heartbeat` (`internal-protocol.md` §6):
/// `{"host_id","site","leader_epoch","last_seen_leader","timestamp"}`, every member always
/// present, followed by a newline (response body).
public enum HeartbeatAcknowledgementCodec {
    public static func encode(_ acknowledgement: HeartbeatAcknowledgement) -> [UInt8] {
        var writer = PeerJSONObjectWriter(reservingCapacity: 160)
        writer.string("host_id", acknowledgement.hostID)
        writer.string("site", acknowledgement.site)
        writer.integer("leader_epoch", acknowledgement.leaderEpoch)
        writer.time("last_seen_leader", acknowledgement.lastSeenLeader)
        writer.time("timestamp", acknowledgement.timestamp)
        return writer.finish(newline: true)
    }

    /// Decodes an acknowledgement (the trailing newline, like any surrounding whitespace, is
    /// optional).
    public static func decode(_ bytes: some Collection<UInt8>) throws(PeerMessageDecodingError) -> HeartbeatAcknowledgement {
        let reader = try PeerJSONObjectReader.document(bytes)
        return HeartbeatAcknowledgement(
            hostID: try reader.string("host_id"),
            site: try reader.string("site"),
            leaderEpoch: try reader.uint64("leader_epoch"),
            lastSeenLeader: try reader.time("last_seen_leader"),
            timestamp: try reader.time("timestamp"))
    }
}
