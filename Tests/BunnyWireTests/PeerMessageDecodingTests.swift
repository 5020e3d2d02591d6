import BunnyCore
import BunnyWire
import Testing

/// Decoder leniency (as the reference's) and refusal of malformed bodies, never a crash.
@Suite("Peer message decoding")
struct PeerMessageDecodingTests {
    private func decodeStore(_ text: String) throws(PeerMessageDecodingError) -> StoreReplicationMessage {
        try StoreReplicationCodec.decode(Array(text.utf8))
    }

    private func storeError(_ text: String) -> PeerMessageDecodingError? {
        do {
            _ = try decodeStore(text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Leniency

    @Test func missingMembersAreZeroValuesAndMissingTypeIsCreate() throws {
        #expect(
            try decodeStore("{}")
                == StoreReplicationMessage(kind: .createStore, storeID: "", shardID: "", customerID: ""))
        #expect(try decodeStore(#" {"store_id":"x"} "#).kind == .createStore)
    }

    @Test func nullMembersAreZeroValues() throws {
        let message = try decodeStore(
            #"{"type":null,"store_id":null,"data_type":null,"body":null,"expires_at":null,"version":null,"lock_timeout":null,"tombstone":null,"timestamp":null}"#
        )
        #expect(message == StoreReplicationMessage(kind: .createStore, storeID: "", shardID: "", customerID: ""))
    }

    @Test func topLevelNullIsAnEmptyMessageLikeGo() throws {
        #expect(try decodeStore("null").kind == .createStore)
        #expect(try HeartbeatCodec.decode(Array("null".utf8)).hostID == "")
    }

    @Test func unknownMembersAreIgnored() throws {
        let message = try decodeStore(
            #"{"type":1,"extra":{"nested":[1,2,{"deep":true}]},"store_id":"s","other":"x","version":2,"future":null}"#)
        #expect(message.kind == .updateStore)
        #expect(message.storeID == "s")
        #expect(message.version == 2)
    }

    @Test func memberNamesMatchCaseInsensitivelyPreferringExactMatches() throws {
        let message = try decodeStore(#"{"TYPE":4,"Store_ID":"s","LOCK_ID":"l","Lock_Timeout":5}"#)
        #expect(message.kind == .lockReleased)
        #expect(message.storeID == "s")
        #expect(message.lockID == "l")
        #expect(message.lockTimeout == .nanoseconds(5))
        #expect(try decodeStore(#"{"Store_ID":"folded","store_id":"exact"}"#).storeID == "exact")
        let heartbeat = try HeartbeatCodec.decode(Array(#"{"Host_ID":"n","LEADER_EPOCH":3}"#.utf8))
        #expect(heartbeat.hostID == "n")
        #expect(heartbeat.leaderEpoch == 3)
    }

    @Test func timesWithOffsetsAndUnusualPrecisionAreAccepted() throws {
        // A non-Z offset cannot round-trip byte for byte (we always emit Z); compare instants.
        let message = try decodeStore(
            #"{"timestamp":"2025-03-01T14:00:00.5+02:00","expires_at":"0001-01-01T00:00:00Z"}"#)
        #expect(message.timestamp == wallTime(unixSeconds: 1_740_830_400, nanoseconds: 500_000_000))
        #expect(message.expiresAt == .unset)
        #expect(
            StoreReplicationCodec.encode(message).text
                == #"{"type":0,"expires_at":"0001-01-01T00:00:00Z","timestamp":"2025-03-01T12:00:00.5Z"}"#)
    }

    @Test func emptyOrNullArraysAndLockInTheJoinSnapshot() throws {
        let snapshot = try JoinSnapshotCodec.decode(
            Array(
                #"{"stores":null,"tombstones":null,"registry":null,"has_registry":true,"leader_epoch":3,"site":"s","host_id":"h"}"#
                    .utf8))
        #expect(snapshot.stores.isEmpty && snapshot.tombstones.isEmpty && snapshot.registry.isEmpty)
        let missing = try JoinSnapshotCodec.decode(Array(#"{"leader_epoch":3}"#.utf8))
        #expect(missing.stores.isEmpty && !missing.hasRegistry)
        let store = try JoinSnapshotCodec.decode(
            Array(#"{"stores":[{"ID":"a","Body":"","Lock":null},{"id":"b","body":null,"lock":{"lockid":"L"}}]}"#.utf8)
        ).stores
        #expect(store[0].storeID == "a" && store[0].body.isEmpty && store[0].lock == nil)
        #expect(store[1].storeID == "b" && store[1].lock == StoreLock(lockID: "L", heldSince: .unset, timeout: .zero))
    }

    // MARK: Unknown message types

    @Test(arguments: [5, 6, 7, 8, 9, 12, 13, -1, 1_000_000])
    func unknownStoreMessageType(type: Int64) {
        let error = storeError(#"{"type":\#(type),"store_id":"s","leader_epoch":1}"#)
        #expect(error == .unknownMessageType(type))
        #expect(error?.description == "unknown message type: \(type)")
        #expect(error?.isMalformedBody == false)
    }

    @Test(arguments: [0, 4, 8, 13, -9])
    func unknownRegistryMessageType(type: Int64) {
        #expect(throws: PeerMessageDecodingError.unknownMessageType(type)) {
            try RegistryReplicationCodec.decode(Array(#"{"type":\#(type),"name":"n"}"#.utf8))
        }
    }

    @Test func registryMessageWithoutTypeIsUnknownTypeZero() {
        #expect(throws: PeerMessageDecodingError.unknownMessageType(0)) {
            try RegistryReplicationCodec.decode(Array("{}".utf8))
        }
    }

    @Test func malformedBodyWinsOverUnknownType() {
        #expect(storeError(#"{"type":7,"version":"x"}"#) == .wrongType(field: "version", expected: "a number"))
    }

    @Test func unknownRegistryStateInTheSnapshotIsRefused() {
        #expect(throws: PeerMessageDecodingError.invalidEnumeration(field: "registry[1].State", value: 3)) {
            try JoinSnapshotCodec.decode(Array(#"{"registry":[{"State":1},{"State":3}]}"#.utf8))
        }
    }

    // MARK: Malformed bodies

    @Test(arguments: [
        #"{"type":"1"}"#, #"{"store_id":5}"#, #"{"data_type":true}"#, #"{"body":5}"#, #"{"tombstone":"true"}"#,
        #"{"tombstone":1}"#, #"{"expires_at":5}"#, #"{"timestamp":{}}"#, #"{"version":"1"}"#, #"{"lock_id":[]}"#,
        "[]", "1", #""text""#, "true",
    ])
    func wrongJSONTypesAreRefused(body: String) {
        guard case .wrongType = storeError(body) else {
            Issue.record("\(body) was not refused as a wrong type: \(String(describing: storeError(body)))")
            return
        }
    }

    @Test(arguments: [
        #"{"version":-1}"#, #"{"version":1.5}"#, #"{"version":1e3}"#, #"{"leader_epoch":18446744073709551616}"#,
        #"{"type":9223372036854775808}"#, #"{"lock_timeout":1.0}"#, #"{"data_type":-1e2}"#,
    ])
    func invalidIntegersAreRefused(body: String) {
        guard case .invalidNumber = storeError(body) else {
            Issue.record("\(body) was not refused as an invalid integer: \(String(describing: storeError(body)))")
            return
        }
    }

    @Test func largestIntegersAreAccepted() throws {
        let message = try decodeStore(
            #"{"version":18446744073709551615,"leader_epoch":18446744073709551615,"lock_timeout":-9223372036854775808}"#
        )
        #expect(message.version == .max)
        #expect(message.leaderEpoch == .max)
        #expect(message.lockTimeout == .nanoseconds(Int64.min))
    }

    @Test(arguments: [
        "2026-11-22 03:59:44Z", "2026-11-22T03:59:44", "yesterday", "", "2026-02-30T00:00:00Z",
        "2026-11-22T03:59:44.Z", "0001-01-01T00:00:00",
    ])
    func badTimeStringsAreRefused(time: String) {
        guard case .invalidTime(let field, _) = storeError(#"{"type":0,"expires_at":"\#(time)"}"#) else {
            Issue.record("\(time) was accepted")
            return
        }
        #expect(field == "expires_at")
    }

    @Test func badTimeInANestedRecordNamesItsPath() {
        #expect(throws: PeerMessageDecodingError.self) {
            try JoinSnapshotCodec.decode(Array(#"{"stores":[{},{"Lock":{"HeldSince":"nope"}}]}"#.utf8))
        }
        do {
            _ = try JoinSnapshotCodec.decode(Array(#"{"stores":[{},{"Lock":{"HeldSince":"nope"}}]}"#.utf8))
        } catch {
            guard case .invalidTime(let field, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(field == "stores[1].Lock.HeldSince")
            #expect(error.description.hasPrefix("stores[1].Lock.HeldSince: invalid RFC 3339 time \"nope\""))
        }
    }

    @Test(arguments: ["aGVsbG8", #"aGVsbG8=\n"#, "aGVs bG8=", "aGVsbG8-", "=", "aGVsbG9="])
    func badBase64IsRefused(body: String) {
        guard case .invalidBase64(let field, _) = storeError(#"{"body":"\#(body)"}"#) else {
            Issue.record("\(body) was accepted")
            return
        }
        #expect(field == "body")
    }

    @Test(arguments: [
        "", " ", "{", "{}x", "{}{}", #"{"type":0,}"#, #"{"type":0"#, #"{"type":0}]"#, "{'type':0}", #"{"a":tru}"#,
        #"{"type":01}"#, "{\"store_id\":\"\u{01}\"}", #"{"store_id":"\x"}"#, "\u{FEFF}{}",
    ])
    func invalidJSONIsRefused(body: String) {
        guard case .invalidJSON = storeError(body) else {
            Issue.record("\(body.debugDescription) was not refused as invalid JSON")
            return
        }
        #expect(storeError(body)?.isMalformedBody == true)
    }

    @Test func invalidUTF8IsRefused() {
        var bytes = Array(#"{"store_id":""#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""}"#.utf8)
        #expect(throws: PeerMessageDecodingError.self) { try StoreReplicationCodec.decode(bytes) }
    }

    @Test func deepNestingIsRefusedWithoutCrashing() {
        // The parser allows 64 levels (`JSONParser.maximumDepth`); the message object is level 0.
        for depth in [10, 63, 64, 65, 100_000] {
            let accepted = depth < JSONParser.maximumDepth
            let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let error = storeError(#"{"unknown":\#(arrays)}"#)
            if accepted {
                #expect(error == nil, "depth \(depth)")
            } else if case .invalidJSON = error {
            } else {
                Issue.record("depth \(depth): \(String(describing: error))")
            }
            let objects = String(repeating: "{\"a\":", count: depth) + "{}" + String(repeating: "}", count: depth)
            let snapshotError: PeerMessageDecodingError?
            do {
                _ = try JoinSnapshotCodec.decode(Array(objects.utf8))
                snapshotError = nil
            } catch {
                snapshotError = error
            }
            #expect((snapshotError == nil) == accepted, "depth \(depth): \(String(describing: snapshotError))")
        }
    }

    @Test func truncatedGoldenBodiesAreRefused() throws {
        let body = Array(
            #"{"type":3,"store_id":"v1:0:x","shard_id":"GepfzZgqr5o","customer_id":"acme-corp","expires_at":"0001-01-01T00:00:00Z","leader_epoch":1,"lock_id":"S-pzodZY13ZyMkV0-wDazw","lock_timeout":500000000,"source_host":"node1","timestamp":"2026-11-22T03:59:36.171186206Z"}"#
                .utf8)
        #expect(try StoreReplicationCodec.decode(body).kind == .lockAcquired)
        for length in 0..<body.count {
            #expect(throws: PeerMessageDecodingError.self) { try StoreReplicationCodec.decode(body[..<length]) }
        }
    }

    @Test func wrongTypesInTheOtherMessages() {
        #expect(throws: PeerMessageDecodingError.wrongType(field: "store_count", expected: "a number")) {
            try HeartbeatCodec.decode(Array(#"{"store_count":"6"}"#.utf8))
        }
        #expect(throws: PeerMessageDecodingError.wrongType(field: "has_registry", expected: "a boolean")) {
            try JoinSnapshotCodec.decode(Array(#"{"has_registry":1}"#.utf8))
        }
        #expect(throws: PeerMessageDecodingError.wrongType(field: "stores", expected: "an array")) {
            try JoinSnapshotCodec.decode(Array(#"{"stores":{}}"#.utf8))
        }
        #expect(throws: PeerMessageDecodingError.wrongType(field: "stores[0]", expected: "an object")) {
            try JoinSnapshotCodec.decode(Array(#"{"stores":[1]}"#.utf8))
        }
        #expect(throws: PeerMessageDecodingError.wrongType(field: "stores[0].Lock", expected: "an object")) {
            try JoinSnapshotCodec.decode(Array(#"{"stores":[{"Lock":"L"}]}"#.utf8))
        }
        #expect(throws: PeerMessageDecodingError.wrongType(field: "tombstones[0].store_id", expected: "a string")) {
            try JoinSnapshotCodec.decode(Array(#"{"tombstones":[{"store_id":1}]}"#.utf8))
        }
        #expect(throws: PeerMessageDecodingError.wrongType(field: "state", expected: "a number")) {
            try RegistryReplicationCodec.decode(Array(#"{"type":9,"state":"active"}"#.utf8))
        }
        #expect(
            throws: PeerMessageDecodingError.wrongType(field: "last_seen_leader", expected: "an RFC 3339 time string")
        ) {
            try HeartbeatAcknowledgementCodec.decode(Array(#"{"last_seen_leader":0}"#.utf8))
        }
    }
}
