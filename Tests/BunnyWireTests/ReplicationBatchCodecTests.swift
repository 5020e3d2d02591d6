import BunnyCore
import BunnyWire
import Testing

/// The batch channel's body: JSON Lines of the one-message bodies, store and registry mixed.
@Suite("Replication batch codec")
struct ReplicationBatchCodecTests {
    static let messages: [ReplicationMessage] =
        PeerMessageEncodingTests.specificationStoreExamples.map { text in
            .store(try! StoreReplicationCodec.decode(Array(text.utf8)))
        }
        + PeerMessageEncodingTests.specificationRegistryExamples.map { text in
            .registry(try! RegistryReplicationCodec.decode(Array(text.utf8)))
        }

    @Test func aBatchIsTheOneMessageBodiesOnePerLine() {
        let body = ReplicationBatchCodec.encode(Self.messages)
        let expected =
            (PeerMessageEncodingTests.specificationStoreExamples
            + PeerMessageEncodingTests.specificationRegistryExamples).map { $0 + "\n" }.joined()
        #expect(String(decoding: body, as: UTF8.self) == expected)
    }

    @Test func everyLineDecodesToItsMessageInOrder() throws {
        let body = ReplicationBatchCodec.encode(Self.messages)
        let decoded = try ReplicationBatchCodec.lines(of: body).map { try ReplicationBatchCodec.decodeLine(body[$0]) }
        #expect(decoded == Self.messages)
    }

    @Test func blankLinesCarriageReturnsAndAMissingLastNewlineAreAccepted() throws {
        let first = PeerMessageEncodingTests.specificationStoreExamples[0]
        let second = PeerMessageEncodingTests.specificationRegistryExamples[0]
        let body = Array("\n  \n\(first)\r\n\n\(second)".utf8)
        let lines = ReplicationBatchCodec.lines(of: body)
        #expect(lines.count == 2)
        #expect(try ReplicationBatchCodec.decodeLine(body[lines[0]]) == Self.messages[0])
        #expect(try ReplicationBatchCodec.decodeLine(body[lines[1]]) == Self.messages[3])
    }

    @Test func aBadLineIsTheSameErrorAsOnItsOwn() {
        let body = Array("{\"type\":0,\"expires_at\":\"yesterday\"}\n{\"type\":7}\n".utf8)
        let lines = ReplicationBatchCodec.lines(of: body)
        #expect(throws: PeerMessageDecodingError.self) { try ReplicationBatchCodec.decodeLine(body[lines[0]]) }
        #expect(throws: PeerMessageDecodingError.unknownMessageType(7)) {
            try ReplicationBatchCodec.decodeLine(body[lines[1]])
        }
    }

    @Test func aLineOverTheOneMessageLimitIsRefused() {
        let body = Array(("{\"type\":1,\"store_id\":\"" + String(repeating: "a", count: 5000) + "\"}").utf8)
        #expect(throws: PeerMessageDecodingError.self) { try ReplicationBatchCodec.decodeLine(body[...]) }
    }

    @Test(
        arguments: [
            (nil, false), ("", false), ("replicate-batch", true), ("other, replicate-batch", true),
            ("replicate-batches", false),
        ] as [(String?, Bool)])
    func theFeatureIsOfferedOnlyByName(_ header: String?, _ offered: Bool) {
        #expect(ReplicationBatchCodec.isOffered(byFeatures: header) == offered)
    }
}
