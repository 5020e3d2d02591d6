import Foundation
import BunnyCore
import BunnyWire
import LabCore
import Testing

@Suite struct ProxyJournalEntryTests {
    @Test func jsonLineHasStableKeyOrderAndLeavesOutAbsentFields() {
        let entry = ProxyJournalEntry(
            timeNanoseconds: 1_500_000_000, link: "node1->node2", sequence: 7, connection: 2,
            messageClass: .replicate, method: "POST", path: "/internal/replicate", requestBytes: 312,
            leaderEpoch: 2, type: 0, fate: .deliver, delayMicroseconds: 40_000, status: 200, responseBytes: 0,
            roundTripMicroseconds: 180)
        #expect(
            entry.jsonLine()
                == #"{"time_ns":1500000000,"link":"node1->node2","sequence":7,"connection":2,"class":"replicate","method":"POST","path":"/internal/replicate","request_bytes":312,"leader_epoch":2,"type":0,"fate":"deliver","delay_us":40000,"status":200,"response_bytes":0,"round_trip_us":180}"#
                + "\n")
        let dropped = ProxyJournalEntry(
            timeNanoseconds: 5, link: "a\"b", sequence: 1, connection: 1, messageClass: .forwarded, method: "POST",
            path: "/api/v1/create", requestBytes: 0, fate: .drop, error: "line\nbreak")
        #expect(
            dropped.jsonLine()
                == #"{"time_ns":5,"link":"a\"b","sequence":1,"connection":1,"class":"forwarded","method":"POST","path":"/api/v1/create","request_bytes":0,"fate":"drop","error":"line\nbreak"}"#
                + "\n")
    }

    @Test func jsonLineReadsBackWithCodable() throws {
        let entry = ProxyJournalEntry(
            timeNanoseconds: -3, link: "node2->node1", sequence: 9, connection: 0, messageClass: .replicateRegistry,
            method: "POST", path: "/internal/replicate-registry", requestBytes: 10, leaderEpoch: UInt64.max, type: 12,
            fate: .replayed, status: 409, responseBytes: 20, roundTripMicroseconds: 1, error: nil)
        let decoded = try JSONDecoder().decode(ProxyJournalEntry.self, from: Data(entry.jsonLine().utf8))
        #expect(decoded == entry)
    }

    @Test func summaryReadsEpochAndTypeFromPeerBodies() {
        let heartbeat =
            #"{"host_id":"node1","site":"local","address":"127.0.0.1:19101","leader_epoch":1,"store_count":6,"memory_usage":1626,"timestamp":"2026-11-22T03:59:44.667154159Z"}"#
        #expect(
            PeerMessageSummary.extract(from: Array(heartbeat.utf8), messageClass: .heartbeat)
                == PeerMessageSummary(leaderEpoch: 1, type: nil))
        let replicate =
            #"{"type":0,"store_id":"v1:0:x","customer_id":"acme-corp","leader_epoch":2,"source_host":"node1"}"#
        #expect(
            PeerMessageSummary.extract(from: Array(replicate.utf8), messageClass: .replicate)
                == PeerMessageSummary(leaderEpoch: 2, type: 0))
        let registry = #"{"type":9,"customer_id":"acme-corp","name":"cart-42","state":0,"leader_epoch":1,"version":1}"#
        #expect(
            PeerMessageSummary.extract(from: Array(registry.utf8), messageClass: .replicateRegistry)
                == PeerMessageSummary(leaderEpoch: 1, type: 9))
        // A replicate-batch body (JSON Lines) is summarised by its first message.
        let batch =
            replicate.replacingOccurrences(of: "\"leader_epoch\":2", with: "\"leader_epoch\":3") + "\n" + registry
            + "\n"
        #expect(
            PeerMessageSummary.extract(from: Array(batch.utf8), messageClass: .replicate)
                == PeerMessageSummary(leaderEpoch: 3, type: 0))
    }

    /// A `replicate-binary` body is summarised by its first record, read at the offsets the
    /// daemon's codec writes (checked against that codec, so the two cannot drift apart).
    @Test func binaryBatchIsSummarisedByItsFirstRecord() {
        let store = StoreReplicationMessage(
            kind: .deleteStore, storeID: "v1:0:x", shardID: "", customerID: "acme-corp", leaderEpoch: 7,
            tombstone: true, sourceHost: "node1")
        let registry = RegistryReplicationMessage(
            kind: .commit, customerID: "acme-corp", name: "cart-42", leaderEpoch: 4, version: 1)
        let storeFirst = ReplicationBinaryBatchCodec.encode([.store(store), .registry(registry)])
        #expect(
            PeerMessageSummary.extract(from: storeFirst, messageClass: .replicate)
                == PeerMessageSummary(leaderEpoch: 7, type: 2))
        // A registry message travels as a JSON record inside the binary batch.
        let registryFirst = ReplicationBinaryBatchCodec.encode([.registry(registry), .store(store)])
        #expect(
            PeerMessageSummary.extract(from: registryFirst, messageClass: .replicate)
                == PeerMessageSummary(leaderEpoch: 4, type: Int64(RegistryReplicationMessage.Kind.commit.rawValue)))
        // Cut short or of an unknown form: nothing to summarise, and no crash.
        for length in 0..<19 {
            let summary = PeerMessageSummary.extract(from: Array(storeFirst.prefix(length)), messageClass: .replicate)
            #expect(summary == PeerMessageSummary(), "\(length) bytes: \(summary)")
        }
        var unknownForm = storeFirst
        unknownForm[9] = 9
        #expect(PeerMessageSummary.extract(from: unknownForm, messageClass: .replicate) == PeerMessageSummary())
    }

    @Test func summaryIsEmptyForOtherClassesAndBadBodies() {
        let body = Array(#"{"type":0,"leader_epoch":2}"#.utf8)
        #expect(PeerMessageSummary.extract(from: body, messageClass: .forwarded) == PeerMessageSummary())
        #expect(PeerMessageSummary.extract(from: body, messageClass: .joinSnapshot) == PeerMessageSummary())
        #expect(
            PeerMessageSummary.extract(from: Array("not json".utf8), messageClass: .heartbeat) == PeerMessageSummary())
        #expect(PeerMessageSummary.extract(from: Array("[1,2]".utf8), messageClass: .replicate) == PeerMessageSummary())
        #expect(PeerMessageSummary.extract(from: [UInt8](), messageClass: .replicate) == PeerMessageSummary())
        #expect(
            PeerMessageSummary.extract(from: Array(#"{"leader_epoch":-1,"type":1.5}"#.utf8), messageClass: .replicate)
                == PeerMessageSummary())
    }

    @Test func countersCountByClassAndFate() {
        var counters = LinkCounters()
        counters.record(.heartbeat, .deliver)
        counters.record(.heartbeat, .drop)
        counters.record(.heartbeat, .drop)
        counters.record(.replicate, .deliver)
        #expect(counters.totalMessages == 4)
        #expect(counters.count(.heartbeat) == 3)
        #expect(counters.count(.drop) == 2)
        #expect(counters.count(.heartbeat, .drop) == 2)
        #expect(counters.count(.status, .drop) == 0)
        #expect(counters.messagesByClass.map(\.count) == [3, 1, 0, 0, 0, 0, 0])
        #expect(counters.messagesByFate.first { $0.fate == .deliver }?.count == 2)
    }
}

@Test func journalStringsEscapeControlCharacters() throws {
    let entry = ProxyJournalEntry(
        timeNanoseconds: 0, link: "x", sequence: 1, connection: 1, messageClass: .other, method: "GET",
        path: "/a\u{01}b\\c<d>&", requestBytes: 0, fate: .deliver)
    #expect(entry.jsonLine().contains(#""path":"/a\u0001b\\c<d>&""#))
    let decoded = try JSONDecoder().decode(ProxyJournalEntry.self, from: Data(entry.jsonLine().utf8))
    #expect(decoded == entry)
}
