import BunnyCore

/// The `200` response body of `POST /internal/join-snapshot` (`internal-protocol.md` §9).
///
/// Top-level members, all always present: `stores`, `tombstones`, `registry`,
/// `has_registry`, `leader_epoch`, `site`, `host_id`; then a newline (response body). Empty
/// arrays are written `[]`, as the reference does.
///
/// Store records (§9.1) and registry entries (§9.2) use capitalised member names and always
/// emit every member. A store's `Lock` is `null` or `{"LockID","HeldSince","Timeout"}` with the
/// timeout in integer nanoseconds. An empty `Body` is written `null` (what Go writes for a nil
/// byte slice; the golden samples only show non-empty bodies, and a reference receiver reads
/// `null` and `""` alike). Tombstones are `{"store_id","deleted_at"}`.
///
/// Decoding accepts `null` for any of the arrays, for `Lock` and for `Body`; missing members
/// are zero values and unknown members are ignored. A registry `State` other than 0, 1, 2
/// cannot be represented by `NameEntry.State` and is refused
/// (`PeerMessageDecodingError.invalidEnumeration`).
public enum JoinSnapshotCodec {
    public static func encode(_ snapshot: JoinSnapshot) -> [UInt8] {
        let estimate = 128 + snapshot.stores.reduce(0) { $0 + 420 + StandardBase64.encodedLength(of: $1.body.count) }
            + snapshot.tombstones.count * 120 + snapshot.registry.count * 320
        var writer = PeerJSONObjectWriter(reservingCapacity: estimate)
        writer.array("stores", snapshot.stores) { store, output in output.append(contentsOf: encode(store)) }
        writer.array("tombstones", snapshot.tombstones) { tombstone, output in
            output.append(contentsOf: encode(tombstone))
        }
        writer.array("registry", snapshot.registry) { entry, output in output.append(contentsOf: encode(entry)) }
        writer.bool("has_registry", snapshot.hasRegistry)
        writer.integer("leader_epoch", snapshot.leaderEpoch)
        writer.string("site", snapshot.site)
        writer.string("host_id", snapshot.hostID)
        return writer.finish(newline: true)
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(PeerMessageDecodingError) -> JoinSnapshot {
        let reader = try PeerJSONObjectReader.document(bytes)
        var stores: [JoinSnapshot.Store] = []
        for (index, element) in try reader.array("stores").enumerated() {
            stores.append(try decodeStore(PeerJSONObjectReader(element, path: "stores[\(index)]")))
        }
        var tombstones: [JoinSnapshot.Tombstone] = []
        for (index, element) in try reader.array("tombstones").enumerated() {
            let record = try PeerJSONObjectReader(element, path: "tombstones[\(index)]")
            tombstones.append(
                JoinSnapshot.Tombstone(storeID: try record.string("store_id"), deletedAt: try record.time("deleted_at")))
        }
        var registry: [NameEntry] = []
        for (index, element) in try reader.array("registry").enumerated() {
            registry.append(try decodeEntry(PeerJSONObjectReader(element, path: "registry[\(index)]")))
        }
        return JoinSnapshot(
            stores: stores, tombstones: tombstones, registry: registry,
            hasRegistry: try reader.bool("has_registry"),
            leaderEpoch: try reader.uint64("leader_epoch"),
            site: try reader.string("site"),
            hostID: try reader.string("host_id"))
    }

    // MARK: Records

    private static func encode(_ store: JoinSnapshot.Store) -> [UInt8] {
        var writer = PeerJSONObjectWriter(reservingCapacity: 420 + StandardBase64.encodedLength(of: store.body.count))
        writer.string("ID", store.storeID)
        writer.string("ShardID", store.shardID)
        writer.string("CustomerID", store.customerID)
        writer.integer("DataType", store.dataType)
        if store.body.isEmpty {
            writer.null("Body")
        } else {
            writer.base64("Body", store.body)
        }
        writer.time("ExpiresAt", store.expiresAt)
        writer.integer("Version", store.version)
        writer.integer("LeaderEpoch", store.leaderEpoch)
        if let lock = store.lock {
            var lockWriter = PeerJSONObjectWriter(reservingCapacity: 96)
            lockWriter.string("LockID", lock.lockID)
            lockWriter.time("HeldSince", lock.heldSince)
            lockWriter.duration("Timeout", lock.timeout)
            writer.raw("Lock", lockWriter.finish())
        } else {
            writer.null("Lock")
        }
        writer.integer("Role", store.role)
        writer.time("LastReplicatedAt", store.lastReplicatedAt)
        writer.string("PendingName", store.pendingName)
        writer.time("CreatedAt", store.createdAt)
        return writer.finish()
    }

    private static func encode(_ tombstone: JoinSnapshot.Tombstone) -> [UInt8] {
        var writer = PeerJSONObjectWriter(reservingCapacity: 112)
        writer.string("store_id", tombstone.storeID)
        writer.time("deleted_at", tombstone.deletedAt)
        return writer.finish()
    }

    private static func encode(_ entry: NameEntry) -> [UInt8] {
        var writer = PeerJSONObjectWriter(reservingCapacity: 320)
        writer.string("CustomerID", entry.customerID)
        writer.string("Name", entry.name)
        writer.string("StoreID", entry.storeID)
        writer.integer("State", entry.state.rawValue)
        writer.time("ExpiresAt", entry.expiresAt)
        writer.string("ReservationID", entry.reservationID)
        writer.time("ReservedAt", entry.reservedAt)
        writer.integer("LeaderEpoch", entry.epoch)
        writer.integer("Version", entry.version)
        return writer.finish()
    }

    private static func decodeStore(_ record: PeerJSONObjectReader) throws(PeerMessageDecodingError) -> JoinSnapshot.Store {
        var lock: StoreLock?
        if let lockValue = record.value("Lock") {
            let lockRecord = try PeerJSONObjectReader(lockValue, path: record.fieldPath("Lock"))
            lock = StoreLock(
                lockID: try lockRecord.string("LockID"),
                heldSince: try lockRecord.time("HeldSince"),
                timeout: try lockRecord.duration("Timeout"))
        }
        return JoinSnapshot.Store(
            storeID: try record.string("ID"),
            shardID: try record.string("ShardID"),
            customerID: try record.string("CustomerID"),
            dataType: try record.int("DataType"),
            body: try record.bytes("Body"),
            expiresAt: try record.time("ExpiresAt"),
            version: try record.uint64("Version"),
            leaderEpoch: try record.uint64("LeaderEpoch"),
            lock: lock,
            role: try record.int("Role"),
            lastReplicatedAt: try record.time("LastReplicatedAt"),
            pendingName: try record.string("PendingName"),
            createdAt: try record.time("CreatedAt"))
    }

    private static func decodeEntry(_ record: PeerJSONObjectReader) throws(PeerMessageDecodingError) -> NameEntry {
        let stateValue = try record.int64("State")
        guard let state = Int(exactly: stateValue).flatMap(NameEntry.State.init(rawValue:)) else {
            throw .invalidEnumeration(field: record.fieldPath("State"), value: stateValue)
        }
        return NameEntry(
            customerID: try record.string("CustomerID"),
            name: try record.string("Name"),
            storeID: try record.string("StoreID"),
            state: state,
            expiresAt: try record.time("ExpiresAt"),
            reservationID: try record.string("ReservationID"),
            reservedAt: try record.time("ReservedAt"),
            epoch: try record.uint64("LeaderEpoch"),
            version: try record.uint64("Version"))
    }
}
