import BunnyCore
import BunnyWire
import FuzzSupport

/// The internal protocol's JSON decoders (`internal-protocol.md`) and the JSON parser under
/// them. Every input is offered to every decoder, as a body arriving on each endpoint would be.
///
/// Invariants:
/// * no decoder traps, whatever the bytes;
/// * a decoded message re-encodes to a body that decodes to the same message (heartbeat and
///   its acknowledgement, store and registry replication, join snapshot);
/// * the replicate decoder's fast path never changes a result: decoding from contiguous bytes
///   (fast path first) and from a non-contiguous view of the same bytes (general decoder only)
///   give the same message or the same error;
/// * the JSON parser gives the same value or error for contiguous and non-contiguous input;
/// * a binary replication batch (`ReplicationBinaryBatchCodec`) whose records all decode
///   re-encodes to a body that decodes to the same messages.
enum PeerMessagesFuzzTarget {
    static func run(_ bytes: [UInt8]) {
        let scattered = bytes.lazy.map { $0 }

        let parsed = Result { () throws(JSONParseError) in try JSONParser.parse(bytes) }
        let parsedScattered = Result { () throws(JSONParseError) in try JSONParser.parse(scattered) }
        FuzzInvariant.require(parsed == parsedScattered, "JSON parser: \(parsed) vs \(parsedScattered)")

        roundTrip("heartbeat", bytes, decode: HeartbeatCodec.decode, encode: HeartbeatCodec.encode)
        roundTrip(
            "heartbeat acknowledgement", bytes, decode: HeartbeatAcknowledgementCodec.decode,
            encode: HeartbeatAcknowledgementCodec.encode)
        roundTrip(
            "registry replication", bytes, decode: RegistryReplicationCodec.decode,
            encode: RegistryReplicationCodec.encode)
        roundTrip("join snapshot", bytes, decode: JoinSnapshotCodec.decode, encode: JoinSnapshotCodec.encode)
        roundTrip(
            "store replication", bytes, decode: StoreReplicationCodec.decode, encode: StoreReplicationCodec.encode)

        let fast = Result { () throws(PeerMessageDecodingError) in try StoreReplicationCodec.decode(bytes) }
        let general = Result { () throws(PeerMessageDecodingError) in try StoreReplicationCodec.decode(scattered) }
        FuzzInvariant.require(fast == general, "replicate fast path \(fast) vs general decoder \(general)")

        _ = RegistryRPCCodec.decodeRequest(bytes)
        binaryBatchRoundTrip(bytes)
    }

    static func binaryBatchRoundTrip(_ bytes: [UInt8]) {
        guard case .success(let messages) = decodeBinaryBatch(bytes) else { return }
        let encoded = ReplicationBinaryBatchCodec.encode(messages)
        let again = decodeBinaryBatch(encoded)
        FuzzInvariant.require(
            again == .success(messages), "binary batch: \(messages) re-encodes to a body that decodes to \(again)")
    }

    static func decodeBinaryBatch(_ bytes: [UInt8]) -> Result<[ReplicationMessage], PeerMessageDecodingError> {
        var reader = ReplicationBinaryBatchCodec.Reader(bytes)
        var messages: [ReplicationMessage] = []
        do {
            while let message = try reader.next() { messages.append(message) }
        } catch {
            return .failure(error)
        }
        return .success(messages)
    }

    /// Decodes `bytes`; when that works, the re-encoded message must decode to the same value.
    static func roundTrip<Message: Equatable>(
        _ name: String, _ bytes: [UInt8], decode: ([UInt8]) throws(PeerMessageDecodingError) -> Message,
        encode: (Message) -> [UInt8]
    ) {
        guard let message = try? decode(bytes) else { return }
        let encoded = encode(message)
        let again = Result { () throws(PeerMessageDecodingError) in try decode(encoded) }
        FuzzInvariant.require(
            again == .success(message),
            "\(name): \(message) re-encodes to \(String(decoding: encoded, as: UTF8.self)), which decodes to \(again)")
    }
}
