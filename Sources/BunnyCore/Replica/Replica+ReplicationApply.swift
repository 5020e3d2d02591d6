extension Replica {
    /// Applies a replicated message (`cluster.md` §7.5) with the safe rules of DECISIONS 29 and
    /// of our own: a JOINING node refuses (`503 StoreUnavailable`, the sender retries); an older
    /// epoch is refused (`409`); a PRIMARY refuses replication altogether, since two primaries
    /// must never merge state (it answers `409` and the split is resolved by heartbeats);
    /// creates and updates for a tombstoned store are ignored, so a late message cannot
    /// resurrect a deleted store. Versions only move forward, so duplicates and reordering
    /// are harmless.
    public func onReplicationMessage(_ message: ReplicationMessage, at now: Moment) -> Result<Void, APIError> {
        if role == .joining || role == .unknown { return .failure(.recoveryInProgress) }
        let messageEpoch: UInt64
        switch message {
        case .store(let store): messageEpoch = store.leaderEpoch
        case .registry(let registry): messageEpoch = registry.leaderEpoch
        }
        if messageEpoch < epoch {
            return .failure(APIError(status: 409, code: nil, message: "stale epoch: \(messageEpoch) < \(epoch)"))
        }
        if role == .primary {
            return .failure(
                APIError(status: 409, code: nil, message: "not a secondary: this node is PRIMARY at epoch \(epoch)"))
        }
        settleHotMemory(at: now)
        let result: Result<Void, APIError>
        switch message {
        case .store(let store): result = applyStoreMessage(store, at: now)
        case .registry(let registry): result = applyRegistryMessage(registry, at: now)
        }
        if case .success = result { persistence?.journal.note(message) }
        return result
    }

    func applyStoreMessage(_ message: StoreReplicationMessage, at now: Moment) -> Result<Void, APIError> {
        let known = message.kind == .deleteStore ? peekStore(message.storeID) : lookupStore(message.storeID)
        let alreadyVerified =
            known?.identityVerified == true && known?.customerID == message.customerID
            && known?.shardID == message.shardID
        if !alreadyVerified, !message.storeID.isEmpty, !message.customerID.isEmpty {
            guard let shardID = cipher.open(storeID: message.storeID, customerID: message.customerID) else {
                return .failure(APIError(status: 400, code: nil, message: "invalid store ID in replication message"))
            }
            if !message.shardID.isEmpty, message.shardID != shardID {
                return .failure(APIError(status: 400, code: nil, message: "shard ID mismatch in replication message"))
            }
        }
        let existing = known
        if let existing, existing.customerID != message.customerID {
            return .failure(.internalError("unauthorized"))
        }
        switch message.kind {
        case .createStore, .updateStore:
            guard !tombstones.contains(message.storeID) else { return .success(()) }
            guard let content = Self.content(of: message) else {
                return .failure(
                    APIError(status: 400, code: nil, message: "invalid counter body in replication message"))
            }
            if let existing {
                if message.version > existing.version {
                    replaceContent(of: existing, with: content)
                    existing.expiresAt = message.expiresAt
                    existing.version = message.version
                    existing.epoch = message.leaderEpoch
                    existing.lastReplicatedAt = now.wall
                    if message.kind == .createStore { existing.lock = nil }
                }
                if message.kind == .updateStore { existing.lock = nil }
            } else {
                let record = StoreRecord(
                    customerID: message.customerID, shardID: message.shardID, content: content,
                    expiresAt: message.expiresAt, version: max(1, message.version), epoch: message.leaderEpoch,
                    pendingName: message.kind == .createStore ? message.pendingName : "", createdAt: now.wall,
                    lastReplicatedAt: now.wall)
                record.identityVerified = !message.storeID.isEmpty && !message.customerID.isEmpty
                insert(record, storeID: message.storeID)
            }
        case .deleteStore:
            tombstones.record(storeID: message.storeID, customerID: message.customerID, at: now.wall)
            removeStore(message.storeID)
        case .lockAcquired:
            guard let existing, !message.lockID.isEmpty else { return .success(()) }
            if let current = existing.activeLock(at: now.wall), current.lockID != message.lockID {
                return .success(())
            }
            existing.lock = StoreLock(
                lockID: message.lockID, heldSince: message.timestamp,
                timeout: message.lockTimeout == .zero ? configuration.lockTimeout : message.lockTimeout)
        case .lockReleased:
            guard let existing, let current = existing.lock else { return .success(()) }
            if current.isExpired(at: now.wall) || current.lockID == message.lockID { existing.lock = nil }
        }
        return .success(())
    }

    /// A store's content from a replication message; a counter body may carry extra members
    /// (create-by-name replicates the raw request body).
    static func content(of message: StoreReplicationMessage) -> StoreContent? {
        guard message.dataType == 1 else { return .blob(message.body) }
        return CounterState.parse(storedBody: message.body).map { .counter($0) }
    }

    /// Applies a registry message. Registry versions restart at 1 with every new life of a
    /// name and deletes carry none, so versions alone cannot order a late duplicate (a retry
    /// whose first copy arrived after all) against a newer life of the same name: the
    /// sender's (epoch, stamp) does. A message older than the newest one applied for its name
    /// is acknowledged and ignored. Messages without a stamp are applied as before.
    func applyRegistryMessage(_ message: RegistryReplicationMessage, at now: Moment) -> Result<Void, APIError> {
        let key = NameEntry.key(customerID: message.customerID, name: message.name)
        let mark = ReplicationMark(epoch: message.leaderEpoch, stamp: message.timestamp)
        if !message.timestamp.isUnset, let last = registryMarks[key], mark < last { return .success(()) }
        let result = applyRegistryChange(message, at: now)
        if case .success = result, !message.timestamp.isUnset {
            registryMarks[key] = max(registryMarks[key] ?? mark, mark)
        }
        return result
    }

    func applyRegistryChange(_ message: RegistryReplicationMessage, at now: Moment) -> Result<Void, APIError> {
        switch message.kind {
        case .reserve, .commit:
            guard let state = NameEntry.State(rawValue: message.state) else {
                return .failure(APIError(status: 400, code: nil, message: "invalid message"))
            }
            if let existing = registry.entry(customerID: message.customerID, name: message.name),
                message.version <= existing.version
            {
                return .success(())
            }
            let entry = NameEntry(
                customerID: message.customerID, name: message.name, storeID: message.storeID, state: state,
                expiresAt: message.expiresAt, reservationID: message.reservationID, reservedAt: message.timestamp,
                epoch: message.leaderEpoch, version: message.version)
            guard registry.put(entry) else {
                return .failure(.internalError("store ID already registered under another name"))
            }
            if state == .active, let record = stores[message.storeID], record.pendingName == message.name {
                record.pendingName = ""
            }
        case .abort, .delete:
            registry.remove(customerID: message.customerID, name: message.name)
        }
        return .success(())
    }
}
