import BunnyCore

/// The two fields of a peer message body that tell a story in the journal: the sender's
/// `leader_epoch` (fencing) and the message `type` (what was replicated).
public struct PeerMessageSummary: Equatable, Sendable {
    public var leaderEpoch: UInt64?
    public var type: Int64?

    public init(leaderEpoch: UInt64? = nil, type: Int64? = nil) {
        self.leaderEpoch = leaderEpoch
        self.type = type
    }

    /// Reads `leader_epoch` and `type` from a heartbeat, replicate or replicate-registry body
    /// (of a batch, from its first message: the first line of a `replicate-batch` body, the
    /// first record of a `replicate-binary` one); both are absent for other classes, bodies that
    /// are not a JSON object, and fields that are missing or not integers.
    public static func extract(from body: some Collection<UInt8>, messageClass: MessageClass) -> PeerMessageSummary {
        switch messageClass {
        case .heartbeat, .replicate, .replicateRegistry: break
        case .joinSnapshot, .forwarded, .status, .other: return PeerMessageSummary()
        }
        if body.starts(with: binaryBatchHeader) { return extractFromBinaryBatch(Array(body.prefix(4096 + 9))) }
        let firstLine = body.prefix { $0 != UInt8(ascii: "\n") }
        guard !firstLine.isEmpty, let value = try? JSONParser.parse(firstLine), let object = value.objectValue else {
            return PeerMessageSummary()
        }
        var summary = PeerMessageSummary()
        if case .number(let number)? = object["leader_epoch"] { summary.leaderEpoch = number.uint64Value }
        if case .number(let number)? = object["type"] { summary.type = number.int64Value }
        return summary
    }

    /// `"BBRB"` and version 1: a `replicate-binary` body (`ReplicationBinaryBatchCodec` in
    /// BunnyWire, which the lab's pure targets do not import; the layout is in
    /// `docs/compatibility.md`).
    static let binaryBatchHeader: [UInt8] = Array("BBRB".utf8) + [1]

    /// The first record: its length (4 bytes), its form (1 byte), then for a binary store
    /// message the type (1 byte) and the leader epoch (8 bytes, little-endian); a JSON record
    /// (form 2) is read as a JSON body.
    private static func extractFromBinaryBatch(_ bytes: [UInt8]) -> PeerMessageSummary {
        let formAt = binaryBatchHeader.count + 4
        guard bytes.count > formAt else { return PeerMessageSummary() }
        switch bytes[formAt] {
        case 1:
            guard bytes.count >= formAt + 10 else { return PeerMessageSummary() }
            var epoch: UInt64 = 0
            for index in 0..<8 { epoch |= UInt64(bytes[formAt + 2 + index]) << (8 * index) }
            return PeerMessageSummary(leaderEpoch: epoch, type: Int64(bytes[formAt + 1]))
        case 2:
            var length = 0
            for index in 0..<4 { length |= Int(bytes[binaryBatchHeader.count + index]) << (8 * index) }
            let end = min(bytes.count, formAt + length)
            guard end > formAt + 1 else { return PeerMessageSummary() }
            return extract(from: bytes[(formAt + 1)..<end], messageClass: .replicateRegistry)
        default:
            return PeerMessageSummary()
        }
    }
}
