import BunnyCore
import BunnyWire
import Foundation
import TestSupport
import Testing

/// The binary batch channel: the same messages as the JSON batch, every store message in a
/// fixed binary layout, and every malformed body refused with an error rather than a trap.
@Suite("Replication binary batch codec")
struct ReplicationBinaryBatchCodecTests {
    static let messages = ReplicationBatchCodecTests.messages

    private static func decodeAll(_ body: [UInt8]) throws(PeerMessageDecodingError) -> [ReplicationMessage] {
        var reader = ReplicationBinaryBatchCodec.Reader(body)
        var messages: [ReplicationMessage] = []
        while let message = try reader.next() { messages.append(message) }
        return messages
    }

    @Test func theSpecificationMessagesRoundTripInOrder() throws {
        let body = ReplicationBinaryBatchCodec.encode(Self.messages)
        #expect(Array(body.prefix(5)) == Array("BBRB".utf8) + [1])
        #expect(try Self.decodeAll(body) == Self.messages)
    }

    @Test func anEmptyBatchIsTheHeaderAlone() throws {
        #expect(try Self.decodeAll(ReplicationBinaryBatchCodec.encode([])) == [])
    }

    /// Whatever a sender holds arrives as the JSON channel would deliver it: the binary form
    /// may not lose or change a field the JSON keeps (seeded, every field varied).
    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func randomMessagesDecodeAsTheirJSONDoes(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let messages = (0..<200).map { _ in ReplicationMessage.store(Self.randomStoreMessage(using: &random)) }
        let binary = try Self.decodeAll(ReplicationBinaryBatchCodec.encode(messages))
        let json = ReplicationBatchCodec.encode(messages)
        let fromJSON = try ReplicationBatchCodec.lines(of: json).map { try ReplicationBatchCodec.decodeLine(json[$0]) }
        #expect(binary == fromJSON)
        #expect(binary == messages)
    }

    @Test func theFirstRecordsTypeAndEpochSitAtFixedOffsets() {
        let message = StoreReplicationMessage(
            kind: .lockAcquired, storeID: "v1:0:abc", shardID: "", customerID: "acme",
            leaderEpoch: 0x0102_0304_0506_0708)
        let body = ReplicationBinaryBatchCodec.encode([.store(message)])
        #expect(body[9] == 1)  // form: binary store message
        #expect(body[10] == 3)
        #expect(Array(body[11..<19]) == [8, 7, 6, 5, 4, 3, 2, 1])
    }

    @Test func aMessageTooLargeForTheBinaryFormTravelsAsJSON() throws {
        let long = StoreReplicationMessage(
            kind: .updateStore, storeID: String(repeating: "s", count: 70_000), shardID: "", customerID: "acme")
        let body = ReplicationBinaryBatchCodec.encode([.store(long)])
        #expect(body[9] == 2)  // form: JSON line
        // The receiver's one-message limit still applies to it, as on the JSON channel.
        #expect(throws: PeerMessageDecodingError.self) { try Self.decodeAll(body) }
    }

    /// Every prefix of a batch yields the records wholly inside it and then an error (or the
    /// end, exactly at a record boundary): a cut body never traps or reads past its end.
    @Test func everyTruncationIsAnErrorAfterTheWholeRecords() throws {
        let body = ReplicationBinaryBatchCodec.encode(Self.messages)
        var boundaries: [Int] = []
        var reader = ReplicationBinaryBatchCodec.Reader(body)
        var offset = 5
        boundaries.append(offset)
        while try reader.next() != nil {
            let length = body[offset..<offset + 4].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            offset += 4 + length
            boundaries.append(offset)
        }
        #expect(offset == body.count)
        for length in 0..<body.count {
            var reader = ReplicationBinaryBatchCodec.Reader(Array(body.prefix(length)))
            var decoded = 0
            var failed = false
            do {
                while try reader.next() != nil { decoded += 1 }
            } catch {
                failed = true
            }
            let whole = boundaries.lastIndex { $0 <= length } ?? 0
            #expect(decoded == (length < 5 ? 0 : whole), "\(length) bytes")
            #expect(failed == (length < 5 || !boundaries.contains(length)), "\(length) bytes")
        }
    }

    @Test func malformedBodiesAreRefused() {
        let good = ReplicationBinaryBatchCodec.encode([Self.messages[0]])
        var cases: [(String, [UInt8])] = [
            ("empty", []), ("JSON", Array(#"{"type":0}"#.utf8)), ("version 2", Array("BBRB".utf8) + [2]),
        ]
        var zeroLength = good
        zeroLength.replaceSubrange(5..<9, with: [0, 0, 0, 0])
        cases.append(("a record of 0 bytes", zeroLength))
        var huge = good
        huge.replaceSubrange(5..<9, with: [0x01, 0x10, 0, 0])  // 4097
        cases.append(("a record over 4096 bytes", huge))
        var unknownForm = good
        unknownForm[9] = 7
        cases.append(("an unknown form", unknownForm))
        var flags = good
        flags[19] = 2
        cases.append(("an unknown flag", flags))
        var longerRecord = good
        longerRecord.append(0)
        longerRecord[5] &+= 1
        cases.append(("bytes after the body field", longerRecord))
        var badUTF8 = good
        let storeIDAt = 20 + 5 * 8 + 2  // after the flags, five 8-byte fields and a length
        badUTF8[storeIDAt] = 0xFF
        cases.append(("a store ID that is not UTF-8", badUTF8))
        for (name, body) in cases {
            #expect(throws: PeerMessageDecodingError.self, "\(name)") { try Self.decodeAll(body) }
        }
    }

    @Test func anUnknownTypeIsTheJSONChannelsError() {
        var body = ReplicationBinaryBatchCodec.encode([Self.messages[0]])
        body[10] = 7
        #expect(throws: PeerMessageDecodingError.unknownMessageType(7)) { try Self.decodeAll(body) }
    }

    @Test(
        arguments: [
            (nil, false), ("replicate-batch", false), ("replicate-batch, replicate-binary", true),
            ("replicate-binary", true), ("replicate-binaryx", false),
        ] as [(String?, Bool)])
    func theFeatureIsOfferedOnlyByName(_ header: String?, _ offered: Bool) {
        #expect(ReplicationBinaryBatchCodec.isOffered(byFeatures: header) == offered)
    }

    @Test func ourHeartbeatAnswersOfferBothChannels() {
        let offered = ReplicationBatchCodec.offeredFeatures
        #expect(ReplicationBatchCodec.isOffered(byFeatures: offered))
        #expect(ReplicationBinaryBatchCodec.isOffered(byFeatures: offered))
    }

    /// `Fuzz/make-seeds` writes binary batches by its own encoder: they must decode, or the
    /// fuzzer starts from bodies the reader refuses at the first byte.
    @Test(arguments: ["seed-binary-batch-update-and-name", "seed-binary-batch-lock-delete"])
    func theFuzzSeedsDecode(name: String) throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/fuzz-peer-messages")
        let body = try [UInt8](Data(contentsOf: corpus.appendingPathComponent(name)))
        let messages = try Self.decodeAll(body)
        #expect(messages.count == 2)
        if name.hasSuffix("lock-delete") {
            // Binary records only: Python's layout and ours agree byte for byte.
            #expect(ReplicationBinaryBatchCodec.encode(messages) == body)
        }
    }

    private static func randomStoreMessage(using random: inout SeededGenerator) -> StoreReplicationMessage {
        func text(_ maximum: Int) -> String {
            let alphabet = Array("abcXYZ019-_:é€\"\\\n")
            return String(
                (0..<Int.random(in: 0...maximum, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        func time() -> WallTime {
            Bool.random(using: &random)
                ? .unset
                : WallTime(nanosecondsSinceEpoch: Int64.random(in: 1...4_102_444_800_000_000_000, using: &random))
        }
        return StoreReplicationMessage(
            kind: StoreReplicationMessage.Kind(rawValue: Int.random(in: 0...4, using: &random))!,
            storeID: text(80), shardID: text(12), customerID: text(20), dataType: Int.random(in: 0...1, using: &random),
            body: (0..<Int.random(in: 0...2048, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) },
            expiresAt: time(), version: UInt64.random(in: 0...1_000_000, using: &random),
            leaderEpoch: UInt64.random(in: 0...50, using: &random), lockID: text(22),
            lockTimeout: .nanoseconds(Int64.random(in: 0...5_000_000_000, using: &random)), pendingName: text(30),
            tombstone: Bool.random(using: &random), sourceHost: text(10), timestamp: time())
    }
}
