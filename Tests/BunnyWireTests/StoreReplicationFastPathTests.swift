import BunnyCore
import Foundation
import Testing

@testable import BunnyWire

/// The replicate decoder's fast path (`StoreReplicationMessageScanner`) must never change a
/// result: every body gives the same message, or the same error, as the general decoder.
@Suite("Store replication fast path")
struct StoreReplicationFastPathTests {
    static let replicateFiles = GoldenSampleTests.replicateFiles

    private static let sample =
        #"{"type":1,"store_id":"v1:0:UTwUla4bxg94WEd8zAINdyuwTjEIjLHQDl0lbE827rEXET5NVj4SoXD4fcY","shard_id":"GepfzZgqr5o","customer_id":"acme-corp","body":"aGVsbG8gYWdhaW4=","expires_at":"2026-11-22T04:59:35.169189876Z","version":2,"leader_epoch":1,"source_host":"node1","timestamp":"2026-11-22T03:59:35.670243176Z"}"#

    private func outcome(_ decode: () throws(PeerMessageDecodingError) -> StoreReplicationMessage)
        -> Result<StoreReplicationMessage, PeerMessageDecodingError>
    {
        do { return .success(try decode()) } catch { return .failure(error) }
    }

    private func expectSameAsGeneral(
        _ text: String, fastPath expected: Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let bytes = Array(text.utf8)
        let scanned = bytes.withUnsafeBufferPointer { StoreReplicationMessageScanner.scan($0) }
        #expect(
            (scanned != nil) == expected, "fast path taken: \(scanned != nil) for \(text)",
            sourceLocation: sourceLocation)
        let general = outcome { () throws(PeerMessageDecodingError) in try StoreReplicationCodec.decodeInGeneral(bytes)
        }
        let decoded = outcome { () throws(PeerMessageDecodingError) in try StoreReplicationCodec.decode(bytes) }
        #expect(decoded == general, "\(text)", sourceLocation: sourceLocation)
        if let scanned { #expect(Result.success(scanned) == general, "\(text)", sourceLocation: sourceLocation) }
    }

    @Test("every recorded replicate body takes the fast path and decodes as in general", arguments: replicateFiles)
    func goldenBodies(fileName: String) throws {
        let exchange = try GoldenVectors.load(fileName)
        expectSameAsGeneral(String(decoding: exchange.requestBody, as: UTF8.self), fastPath: true)
    }

    @Test func bodiesOfOtherShapesFallBackWithTheSameResult() {
        let variants: [(String, Bool)] = [
            (Self.sample, true),
            (Self.sample.replacingFirst("\"version\":2", with: "\"version\":null"), true),
            (Self.sample.replacingFirst("\"body\":\"aGVsbG8gYWdhaW4=\"", with: "\"body\":null"), true),
            (Self.sample.replacingFirst("\"type\":1,", with: ""), true),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":4,\"tombstone\":true"), true),
            ("{}", false),
            ("null", false),
            (Self.sample.replacingFirst("{", with: "{ "), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"Type\":1"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":1,\"TYPE\":2"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":1,\"type\":2"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":7"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":-1"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":01"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":1.0"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":1e0"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":\"1\""), false),
            (Self.sample.replacingFirst("\"version\":2", with: "\"version\":18446744073709551615"), false),
            (Self.sample.replacingFirst("\"version\":2", with: "\"version\":18446744073709551616"), false),
            (Self.sample.replacingFirst("\"version\":2", with: "\"version\":true"), false),
            (Self.sample.replacingFirst("\"type\":1", with: "\"type\":1,\"extra\":[1,{\"a\":2}]"), false),
            (Self.sample.replacingFirst("acme-corp", with: "acme\\u002dcorp"), false),
            (Self.sample.replacingFirst("acme-corp", with: "acmé"), false),
            (Self.sample.replacingFirst("aGVsbG8gYWdhaW4=", with: "aGVsbG8gYWdhaW4"), false),
            (Self.sample.replacingFirst("aGVsbG8gYWdhaW4=", with: "aGVsbG8gYWdhaW5="), false),
            (Self.sample.replacingFirst("2026-11-22T04:59:35.169189876Z", with: "2026-11-22 04:59:35Z"), false),
            (Self.sample.replacingFirst("2026-11-22T04:59:35.169189876Z", with: "2026-11-22T04:59:35+02:00"), true),
            (Self.sample + " ", false),
            (Self.sample + "x", false),
            (String(Self.sample.dropLast()), false),
            (Self.sample.replacingFirst("\"version\":2", with: "\"version\":2,"), false),
            (Self.sample.replacingFirst("\"source_host\":\"node1\"", with: "\"source_host\":\"node1"), false),
            (Self.sample.replacingFirst("\"version\":2", with: "\"version\":tru"), false),
        ]
        for (text, fastPath) in variants {
            expectSameAsGeneral(text, fastPath: fastPath)
        }
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
