import BunnyCore
import BunnyWire
import Testing

/// Decodes every peer-protocol body recorded from the reference daemon, checks key fields, and
/// requires the encoder to reproduce the recorded bytes exactly.
@Suite("Golden wire samples")
struct GoldenSampleTests {
    static let heartbeatFiles = [
        "heartbeat-request.json", "heartbeat-response.json", "heartbeat-epoch2-request.json",
        "heartbeat-epoch2-answered.json",
    ]
    static let acknowledgedHeartbeatFiles = [
        "heartbeat-request.json", "heartbeat-response.json", "heartbeat-epoch2-answered.json",
    ]
    static let replicateFiles = [
        "replicate-create.json", "replicate-update.json", "replicate-update-complete-modify.json",
        "replicate-lock-acquired.json", "replicate-lock-released.json", "replicate-delete.json",
        "replicate-delete-by-name.json", "replicate-counter-create.json", "replicate-counter-update.json",
        "replicate-create-by-name.json", "replicate-create-by-name-counter.json", "replicate-create-forwarded.json",
    ]
    static let registryFiles = [
        "registry-reserve.json", "registry-commit.json", "registry-commit-deleting.json", "registry-delete.json",
        "registry-abort.json",
    ]
    static let joinSnapshotFiles = [
        "join-snapshot-response.json", "join-snapshot-request.json", "join-snapshot-empty.json",
        "join-snapshot-epoch2.json",
    ]

    // MARK: Coverage

    @Test("every recorded peer-protocol exchange is covered by these tests")
    func everyExchangeIsCovered() throws {
        let covered = Set(Self.heartbeatFiles + Self.replicateFiles + Self.registryFiles + Self.joinSnapshotFiles)
        let channels: Set<String> = [
            "/internal/heartbeat", "/internal/replicate", "/internal/replicate-registry", "/internal/join-snapshot",
        ]
        var checked = 0
        for name in try GoldenVectors.allFileNames() where name != "store-ids.json" {
            let exchange = try GoldenVectors.load(name)
            guard channels.contains(exchange.path) else { continue }
            checked += 1
            #expect(covered.contains(name), "\(name) (\(exchange.path)) is not in the golden test lists")
        }
        #expect(checked == covered.count)
    }

    // MARK: Byte-identical round trips

    @Test("heartbeat request bodies round-trip byte for byte", arguments: heartbeatFiles)
    func heartbeatRoundTrip(fileName: String) throws {
        let exchange = try GoldenVectors.load(fileName)
        #expect(exchange.path == "/internal/heartbeat")
        let message = try HeartbeatCodec.decode(exchange.requestBody)
        #expect(message.site == "local")
        #expect(message.address.hasPrefix("127.0.0.1:191"))
        #expect(message.leaderEpoch >= 1)
        #expect(message.storeCount == 6)
        #expect(!message.timestamp.isUnset)
        #expect(exchange.requestBody.last != UInt8(ascii: "\n"))
        let encoded = HeartbeatCodec.encode(message)
        #expect(encoded == exchange.requestBody, "\(encoded.text)\n!=\n\(exchange.requestBody.text)")
    }

    @Test(
        "heartbeat acknowledgements round-trip byte for byte, newline included", arguments: acknowledgedHeartbeatFiles)
    func acknowledgementRoundTrip(fileName: String) throws {
        let exchange = try GoldenVectors.load(fileName)
        #expect(exchange.status == 200)
        #expect(exchange.responseBody.last == UInt8(ascii: "\n"))
        let acknowledgement = try HeartbeatAcknowledgementCodec.decode(exchange.responseBody)
        let request = try HeartbeatCodec.decode(exchange.requestBody)
        #expect(acknowledgement.hostID != request.hostID)
        #expect(acknowledgement.site == "local")
        #expect(acknowledgement.leaderEpoch == request.leaderEpoch)
        #expect(acknowledgement.lastSeenLeader <= acknowledgement.timestamp)
        let encoded = HeartbeatAcknowledgementCodec.encode(acknowledgement)
        #expect(encoded == exchange.responseBody, "\(encoded.text)\n!=\n\(exchange.responseBody.text)")
    }

    @Test("replicate bodies round-trip byte for byte", arguments: replicateFiles)
    func replicateRoundTrip(fileName: String) throws {
        let exchange = try GoldenVectors.load(fileName)
        #expect(exchange.path == "/internal/replicate")
        #expect(exchange.responseBody.isEmpty)
        let message = try StoreReplicationCodec.decode(exchange.requestBody)
        #expect(message.storeID.hasPrefix("v1:0:"))
        #expect(message.storeID.count == 64)
        #expect(message.shardID.count == 11)
        #expect(message.customerID == "acme-corp")
        #expect(message.leaderEpoch == 1)
        #expect(message.sourceHost == "node1")
        #expect(!message.timestamp.isUnset)
        let expectedKind: StoreReplicationMessage.Kind =
            switch fileName {
            case _ where fileName.contains("lock-acquired"): .lockAcquired
            case _ where fileName.contains("lock-released"): .lockReleased
            case _ where fileName.contains("delete"): .deleteStore
            case _ where fileName.contains("update"): .updateStore
            default: .createStore
            }
        #expect(message.kind == expectedKind)
        let encoded = StoreReplicationCodec.encode(message)
        #expect(encoded == exchange.requestBody, "\(encoded.text)\n!=\n\(exchange.requestBody.text)")
    }

    @Test("replicate-registry bodies round-trip byte for byte", arguments: registryFiles)
    func registryRoundTrip(fileName: String) throws {
        let exchange = try GoldenVectors.load(fileName)
        #expect(exchange.path == "/internal/replicate-registry")
        let message = try RegistryReplicationCodec.decode(exchange.requestBody)
        #expect(message.customerID == "acme-corp")
        #expect(message.leaderEpoch == 1)
        #expect(message.sourceHost == "node1")
        #expect(message.reservationID.isEmpty || message.reservationID.count == 32)
        let encoded = RegistryReplicationCodec.encode(message)
        #expect(encoded == exchange.requestBody, "\(encoded.text)\n!=\n\(exchange.requestBody.text)")
    }

    @Test("join snapshots round-trip byte for byte, newline included", arguments: joinSnapshotFiles)
    func joinSnapshotRoundTrip(fileName: String) throws {
        let exchange = try GoldenVectors.load(fileName)
        #expect(exchange.path == "/internal/join-snapshot")
        #expect(exchange.requestBody.isEmpty)
        #expect(exchange.responseBody.last == UInt8(ascii: "\n"))
        let snapshot = try JoinSnapshotCodec.decode(exchange.responseBody)
        #expect(snapshot.hasRegistry)
        #expect(snapshot.site == "local")
        for store in snapshot.stores {
            #expect(store.customerID == "acme-corp")
            #expect(!store.body.isEmpty)
            #expect(!store.createdAt.isUnset)
        }
        let encoded = JoinSnapshotCodec.encode(snapshot)
        #expect(encoded == exchange.responseBody, "\(encoded.text)\n!=\n\(exchange.responseBody.text)")
    }

    // MARK: Key fields of individual samples

    @Test func heartbeatRequestFields() throws {
        let exchange = try GoldenVectors.load("heartbeat-request.json")
        let message = try HeartbeatCodec.decode(exchange.requestBody)
        // 2026-11-22T03:59:44Z = 1795319984 s (calendar.timegm).
        #expect(
            message
                == HeartbeatMessage(
                    hostID: "node1", site: "local", address: "127.0.0.1:19101", leaderEpoch: 1, storeCount: 6,
                    memoryUsage: 1626, timestamp: wallTime(unixSeconds: 1_795_319_984, nanoseconds: 667_154_159)))
        let acknowledgement = try HeartbeatAcknowledgementCodec.decode(exchange.responseBody)
        #expect(
            acknowledgement
                == HeartbeatAcknowledgement(
                    hostID: "node2", site: "local", leaderEpoch: 1,
                    lastSeenLeader: wallTime(unixSeconds: 1_795_319_984, nanoseconds: 667_688_819),
                    timestamp: wallTime(unixSeconds: 1_795_319_984, nanoseconds: 667_689_179)))
    }

    @Test func epochTwoHeartbeatFields() throws {
        let exchange = try GoldenVectors.load("heartbeat-epoch2-answered.json")
        let message = try HeartbeatCodec.decode(exchange.requestBody)
        #expect(message.hostID == "node2")
        #expect(message.address == "127.0.0.1:19102")
        #expect(message.leaderEpoch == 2)
        let acknowledgement = try HeartbeatAcknowledgementCodec.decode(exchange.responseBody)
        #expect(acknowledgement.hostID == "node1")
        #expect(acknowledgement.leaderEpoch == 2)
        let unanswered = try GoldenVectors.load("heartbeat-epoch2-request.json")
        #expect(unanswered.status == nil)
        #expect(unanswered.responseBody.isEmpty)
    }

    @Test func replicateCreateFields() throws {
        let message = try StoreReplicationCodec.decode(GoldenVectors.load("replicate-create.json").requestBody)
        #expect(
            message
                == StoreReplicationMessage(
                    kind: .createStore, storeID: "v1:0:UTwUla4bxg94WEd8zAINdyuwTjEIjLHQDl0lbE827rEXET5NVj4SoXD4fcY",
                    shardID: "GepfzZgqr5o", customerID: "acme-corp", dataType: 0, body: Array("hello, bunny".utf8),
                    // 2026-11-22T04:59:35Z = 1795323575 s; 03:59:35Z = 1795319975 s.
                    expiresAt: wallTime(unixSeconds: 1_795_323_575, nanoseconds: 169_189_876), version: 1,
                    leaderEpoch: 1, sourceHost: "node1",
                    timestamp: wallTime(unixSeconds: 1_795_319_975, nanoseconds: 169_391_696)))
    }

    @Test func replicateLockFields() throws {
        let acquired = try StoreReplicationCodec.decode(GoldenVectors.load("replicate-lock-acquired.json").requestBody)
        #expect(acquired.kind == .lockAcquired)
        #expect(acquired.lockID == "S-pzodZY13ZyMkV0-wDazw")
        #expect(acquired.lockTimeout == .milliseconds(500))
        #expect(acquired.expiresAt == .unset)
        #expect(acquired.version == 0)
        #expect(acquired.body.isEmpty)
        let released = try StoreReplicationCodec.decode(GoldenVectors.load("replicate-lock-released.json").requestBody)
        #expect(released.kind == .lockReleased)
        #expect(released.lockID == "neh0fwtZAt0N2WDNrpNPcw")
        #expect(released.lockTimeout == .zero)
    }

    @Test func replicateDeleteFields() throws {
        for name in ["replicate-delete.json", "replicate-delete-by-name.json"] {
            let message = try StoreReplicationCodec.decode(GoldenVectors.load(name).requestBody)
            #expect(message.kind == .deleteStore)
            #expect(message.tombstone)
            #expect(message.body.isEmpty)
            #expect(message.version == 0)
            #expect(message.expiresAt == .unset)
            #expect(message.dataType == 0)
        }
    }

    @Test func replicateCounterFields() throws {
        let created = try StoreReplicationCodec.decode(GoldenVectors.load("replicate-counter-create.json").requestBody)
        #expect(created.dataType == 1)
        #expect(created.body.text == #"{"value":5,"min":0,"max":10}"#)
        let updated = try StoreReplicationCodec.decode(GoldenVectors.load("replicate-counter-update.json").requestBody)
        #expect(updated.kind == .updateStore)
        #expect(updated.version == 2)
        #expect(updated.body.text == #"{"value":7,"min":0,"max":10}"#)
        let byName = try StoreReplicationCodec.decode(
            GoldenVectors.load("replicate-create-by-name-counter.json").requestBody)
        #expect(byName.pendingName == "profile-7")
        #expect(byName.body.text == #"{"type":"counter","value":0,"max":100}"#)
    }

    @Test func replicateCreateByNameFields() throws {
        let message = try StoreReplicationCodec.decode(GoldenVectors.load("replicate-create-by-name.json").requestBody)
        #expect(message.pendingName == "cart-42")
        #expect(message.body.text == "named blob")
        #expect(message.dataType == 0)
    }

    @Test func registryFields() throws {
        let reserve = try RegistryReplicationCodec.decode(GoldenVectors.load("registry-reserve.json").requestBody)
        #expect(
            reserve
                == RegistryReplicationMessage(
                    kind: .reserve, customerID: "acme-corp", name: "cart-42", storeID: "", state: 0, expiresAt: .unset,
                    reservationID: "95fac63f4a38571d27450a9ffab3d005", leaderEpoch: 1, version: 1, sourceHost: "node1",
                    // 2026-11-22T03:59:39Z = 1795319979 s.
                    timestamp: wallTime(unixSeconds: 1_795_319_979, nanoseconds: 678_142_337)))
        let commit = try RegistryReplicationCodec.decode(GoldenVectors.load("registry-commit.json").requestBody)
        #expect(commit.kind == .commit)
        #expect(commit.state == 1)
        #expect(commit.version == 2)
        #expect(commit.storeID == "v1:0:i56FEbhhH06B7ldbOHNSBoCGVE34hCJgUn5SejQcfIHtL_igG9NuVhDEcGs")
        #expect(commit.expiresAt == wallTime(unixSeconds: 1_795_320_579, nanoseconds: 678_046_667))
        let deleting = try RegistryReplicationCodec.decode(
            GoldenVectors.load("registry-commit-deleting.json").requestBody)
        #expect(deleting.kind == .commit)
        #expect(deleting.state == 2)
        #expect(deleting.version == 3)
        let delete = try RegistryReplicationCodec.decode(GoldenVectors.load("registry-delete.json").requestBody)
        #expect(delete.kind == .delete)
        #expect(delete.storeID.isEmpty)
        #expect(delete.reservationID.isEmpty)
        #expect(delete.version == 0)
        let abort = try RegistryReplicationCodec.decode(GoldenVectors.load("registry-abort.json").requestBody)
        #expect(abort.kind == .abort)
        #expect(abort.name == "bad-counter")
        #expect(abort.reservationID == "700c95c7ae2fd08a989af9a29f16b8d7")
    }

    @Test func joinSnapshotFields() throws {
        let snapshot = try JoinSnapshotCodec.decode(GoldenVectors.load("join-snapshot-response.json").responseBody)
        #expect(snapshot.stores.count == 6)
        #expect(snapshot.tombstones.count == 2)
        #expect(snapshot.registry.count == 1)
        #expect(snapshot.leaderEpoch == 1)
        #expect(snapshot.hostID == "node1")
        #expect(snapshot.stores.allSatisfy { $0.role == 0 && $0.lastReplicatedAt == .unset && $0.pendingName.isEmpty })

        let locked = try #require(snapshot.stores.first { $0.lock != nil })
        #expect(locked.storeID == "v1:0:FMflssetFd8Ps0KAbVYApsJXTbOP-7mevALm2OSPWwiPTDFZah1d5Vfm_ps")
        // 2026-11-22T03:59:43Z = 1795319983 s.
        #expect(
            locked.lock
                == StoreLock(
                    lockID: "2JSmt9l_9D21GYsWDiqYXw",
                    heldSince: wallTime(unixSeconds: 1_795_319_983, nanoseconds: 193_269_577),
                    timeout: .milliseconds(500)))
        #expect(locked.body.text == "written via node2")

        let counter = try #require(snapshot.stores.first { $0.shardID == "GJDX9VbchXE" })
        #expect(counter.dataType == 1)
        #expect(counter.version == 3)
        #expect(counter.body.text == #"{"value":8,"min":0,"max":10}"#)

        #expect(snapshot.tombstones[0].storeID == "v1:0:UTwUla4bxg94WEd8zAINdyuwTjEIjLHQDl0lbE827rEXET5NVj4SoXD4fcY")
        #expect(snapshot.tombstones[0].deletedAt == wallTime(unixSeconds: 1_795_319_978, nanoseconds: 174_972_896))

        let entry = snapshot.registry[0]
        #expect(
            entry
                == NameEntry(
                    customerID: "acme-corp", name: "profile-7",
                    storeID: "v1:0:fMLKBrykRzpIPYe_VCxfLk4kCpgiGJtG8tCZmmzaBjsNc3fyyPx6ycJFSRA", state: .active,
                    // 2026-12-06T03:59:40Z = 1796529580 s; 2026-11-22T03:59:40Z = 1795319980 s.
                    expiresAt: wallTime(unixSeconds: 1_796_529_580, nanoseconds: 680_092_897),
                    reservationID: "8ce235aa9fc06433f552eaa7d18f7eec",
                    reservedAt: wallTime(unixSeconds: 1_795_319_980, nanoseconds: 680_193_687), epoch: 1, version: 2))

        let sameExchange = try JoinSnapshotCodec.decode(GoldenVectors.load("join-snapshot-request.json").responseBody)
        #expect(sameExchange == snapshot)
    }

    @Test func epochTwoJoinSnapshotFields() throws {
        let snapshot = try JoinSnapshotCodec.decode(GoldenVectors.load("join-snapshot-epoch2.json").responseBody)
        #expect(snapshot.leaderEpoch == 2)
        #expect(snapshot.hostID == "node2")
        #expect(snapshot.stores.count == 6)
        #expect(snapshot.stores.allSatisfy { $0.role == 1 && $0.leaderEpoch == 1 })
    }

    @Test func emptyJoinSnapshotFields() throws {
        let snapshot = try JoinSnapshotCodec.decode(GoldenVectors.load("join-snapshot-empty.json").responseBody)
        #expect(
            snapshot
                == JoinSnapshot(
                    stores: [], tombstones: [], registry: [], hasRegistry: true, leaderEpoch: 1, site: "local",
                    hostID: "node1"))
    }
}
