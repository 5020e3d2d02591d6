import BunnyCore

/// The body of `POST /internal/replicate-registry` (`internal-protocol.md` §8).
///
/// Member order as the reference writes it: `type`, `customer_id`, `name`, `store_id`,
/// `state`, `expires_at`, `reservation_id`, `leader_epoch`, `version`, `source_host`,
/// `timestamp`. Only `store_id` and `reservation_id` are left out when empty; every other
/// member is always present. No trailing newline (request body).
///
/// Decoding has the same leniency as `StoreReplicationCodec`; a `type` outside 9–12 throws
/// `PeerMessageDecodingError.unknownMessageType(N)`.
public enum RegistryReplicationCodec {
    public static func encode(_ message: RegistryReplicationMessage) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(message, appendingTo: &bytes)
        return bytes
    }

    /// Appends the message's body to `bytes` (a batch being built), with no copy in between.
    public static func encode(_ message: RegistryReplicationMessage, appendingTo bytes: inout [UInt8]) {
        var writer = PeerJSONObjectWriter(continuing: &bytes, reservingCapacity: 320)
        writer.integer("type", message.kind.rawValue)
        writer.string("customer_id", message.customerID)
        writer.string("name", message.name)
        if !message.storeID.isEmpty { writer.string("store_id", message.storeID) }
        writer.integer("state", message.state)
        writer.time("expires_at", message.expiresAt)
        if !message.reservationID.isEmpty { writer.string("reservation_id", message.reservationID) }
        writer.integer("leader_epoch", message.leaderEpoch)
        writer.integer("version", message.version)
        writer.string("source_host", message.sourceHost)
        writer.time("timestamp", message.timestamp)
        bytes = writer.finish()
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(PeerMessageDecodingError) -> RegistryReplicationMessage {
        let reader = try PeerJSONObjectReader.document(bytes)
        let type = try reader.int64("type")
        let customerID = try reader.string("customer_id")
        let name = try reader.string("name")
        let storeID = try reader.string("store_id")
        let state = try reader.int("state")
        let expiresAt = try reader.time("expires_at")
        let reservationID = try reader.string("reservation_id")
        let leaderEpoch = try reader.uint64("leader_epoch")
        let version = try reader.uint64("version")
        let sourceHost = try reader.string("source_host")
        let timestamp = try reader.time("timestamp")
        guard let kind = Int(exactly: type).flatMap(RegistryReplicationMessage.Kind.init(rawValue:)) else {
            throw .unknownMessageType(type)
        }
        return RegistryReplicationMessage(
            kind: kind, customerID: customerID, name: name, storeID: storeID, state: state, expiresAt: expiresAt,
            reservationID: reservationID, leaderEpoch: leaderEpoch, version: version, sourceHost: sourceHost,
            timestamp: timestamp)
    }
}
