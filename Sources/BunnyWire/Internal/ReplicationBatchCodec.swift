import BunnyCore

#if canImport(Glibc)
    import Glibc
#endif

/// The body of `POST /internal/replicate-batch`, our extension of the peer protocol: several
/// messages of the replication stream in one request, so that a busy primary pays the HTTP
/// exchange once per batch instead of once per write.
///
/// The body is JSON Lines: each message exactly as `/internal/replicate` (store messages,
/// types 0–4) or `/internal/replicate-registry` (registry messages, types 9–12) would carry it,
/// followed by `\n`. The encoders never emit a raw newline inside a message, so lines split
/// cleanly; blank lines are ignored.
///
/// The receiver applies the lines in order and stops at the first one it cannot decode or
/// apply. It answers `200` when all were applied; otherwise with the status and text that
/// message would have had alone, plus `Bigbunny-Replication-Applied: N`, the number applied
/// before it. The sender counts those N as delivered and handles the failing one as it would
/// a single message.
///
/// A peer offers the channel by sending `Bigbunny-Peer-Features: replicate-batch` on its
/// heartbeat answers; a reference peer never does, so a mixed pair keeps one request per
/// message (`docs/compatibility.md`).
public enum ReplicationBatchCodec {
    public static let path = "/internal/replicate-batch"
    /// The answer header naming how many leading messages were applied before a failure.
    public static let appliedHeader = "Bigbunny-Replication-Applied"
    /// The heartbeat-answer header listing optional peer features, and this feature's token.
    public static let featuresHeader = "Bigbunny-Peer-Features"
    public static let feature = "replicate-batch"
    /// What our daemon offers on every heartbeat answer: both batch channels.
    public static let offeredFeatures = "replicate-batch, replicate-binary"
    /// The largest batch body a receiver accepts (a sender stays well below it).
    public static let maximumBodyBytes = 1_048_576
    /// The largest single message (the limit of the one-message endpoints).
    public static let maximumMessageBytes = 4096

    /// One line per message, in stream order.
    public static func encode(_ messages: [ReplicationMessage]) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(messages.count * 400)
        for message in messages {
            append(message, to: &body)
        }
        return body
    }

    /// Appends one message and its newline to a batch body being built.
    public static func append(_ message: ReplicationMessage, to body: inout [UInt8]) {
        switch message {
        case .store(let store): StoreReplicationCodec.encode(store, appendingTo: &body)
        case .registry(let registry): RegistryReplicationCodec.encode(registry, appendingTo: &body)
        }
        body.append(UInt8(ascii: "\n"))
    }

    /// The byte ranges of the non-blank lines of `body`, without their newlines.
    public static func lines(of body: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < body.count {
            let end = Self.newline(in: body, from: start) ?? body.count
            var last = end
            if last > start, body[last - 1] == UInt8(ascii: "\r") { last -= 1 }
            if body[start..<last].contains(where: { !isWhitespace($0) }) { ranges.append(start..<last) }
            start = end + 1
        }
        return ranges
    }

    /// The index of the first `\n` at or after `start` (memchr: batches are scanned per write).
    private static func newline(in body: [UInt8], from start: Int) -> Int? {
        body.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, start < buffer.count,
                let found = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Decodes one line: a store message, or a registry message when its type is 9–12. A line
    /// over the one-message size limit is refused as undecodable.
    public static func decodeLine(_ line: ArraySlice<UInt8>) throws(PeerMessageDecodingError) -> ReplicationMessage {
        guard line.count <= maximumMessageBytes else {
            throw .wrongType(field: "message", expected: "at most 4096 bytes")
        }
        do {
            return .store(try StoreReplicationCodec.decode(line))
        } catch .unknownMessageType(let type) where (9...12).contains(type) {
            return .registry(try RegistryReplicationCodec.decode(line))
        }
    }

    /// Whether a heartbeat answer's features header offers the batch channel.
    public static func isOffered(byFeatures value: String?) -> Bool {
        isOffered(feature: feature, byFeatures: value)
    }

    /// Whether a features header (a comma-separated list of tokens) names `feature`.
    static func isOffered(feature: String, byFeatures value: String?) -> Bool {
        guard let value else { return false }
        return value.split(separator: ",").contains { $0.trimmingSpaces == feature }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
