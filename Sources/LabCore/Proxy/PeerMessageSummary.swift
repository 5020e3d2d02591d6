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
    /// (of a `replicate-batch` body, JSON Lines, from its first message); both are absent for
    /// other classes, bodies that are not a JSON object, and fields that are missing or not
    /// integers.
    public static func extract(from body: some Collection<UInt8>, messageClass: MessageClass) -> PeerMessageSummary {
        switch messageClass {
        case .heartbeat, .replicate, .replicateRegistry: break
        case .joinSnapshot, .forwarded, .status, .other: return PeerMessageSummary()
        }
        let firstLine = body.prefix { $0 != UInt8(ascii: "\n") }
        guard !firstLine.isEmpty, let value = try? JSONParser.parse(firstLine), let object = value.objectValue else {
            return PeerMessageSummary()
        }
        var summary = PeerMessageSummary()
        if case .number(let number)? = object["leader_epoch"] { summary.leaderEpoch = number.uint64Value }
        if case .number(let number)? = object["type"] { summary.type = number.int64Value }
        return summary
    }
}
