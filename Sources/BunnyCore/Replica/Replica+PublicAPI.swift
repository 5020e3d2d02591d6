extension Replica {
    /// Handles one public API request (`api.md` §5), checking in the contract's order.
    ///
    /// Gate first: a JOINING node answers nothing from its state (DECISIONS 24); a non-primary
    /// forwards primary-only endpoints or refuses with `LeaderChanged`. Then the customer (401
    /// missing, 400 malformed), then the rate limit, then the endpoint's own checks. Errors are
    /// values; nothing here traps on client input.
    public func handle(_ request: PublicRequest, at now: Moment) -> PublicOutcome {
        if role == .joining || role == .unknown { return .failure(.recoveryInProgress) }
        if role != .primary, request.endpoint.isPrimaryOnly {
            if request.noForward { return .failure(.forwardingDisabled) }
            guard let leaderAddress, !leaderAddress.isEmpty else { return .failure(.leaderUnknown) }
            return .forward(leaderAddress: leaderAddress)
        }
        guard let customerID = request.customerID, !customerID.isEmpty else { return .failure(.missingCustomerID) }
        guard RequestValues.isValidCustomerID(customerID) else { return .failure(.invalidCustomerID) }
        guard rateLimiter.admit(customerID: customerID, at: now.monotonic) else { return .failure(.rateLimited) }
        settleHotMemory(at: now)

        let result: Result<PublicResponse, APIError>
        switch request.endpoint {
        case .create: result = create(request, customerID: customerID, at: now)
        case .createByName(let name): result = createByName(name, request, customerID: customerID, at: now)
        case .delete(let storeID): result = delete(storeID, customerID: customerID, at: now)
        case .deleteByName(let name): result = deleteByName(name, customerID: customerID, at: now)
        case .lookupIDByName(let name): result = lookupIDByName(name, customerID: customerID, at: now)
        case .snapshot(let storeID): result = snapshot(storeID, customerID: customerID, at: now)
        case .beginModify(let storeID): result = beginModify(storeID, customerID: customerID, at: now)
        case .completeModify(let storeID): result = completeModify(storeID, request, customerID: customerID, at: now)
        case .cancelModify(let storeID): result = cancelModify(storeID, request, customerID: customerID, at: now)
        case .update(let storeID): result = update(storeID, request, customerID: customerID, at: now)
        case .increment(let storeID):
            result = addToCounter(storeID, request, negate: false, customerID: customerID, at: now)
        case .decrement(let storeID):
            result = addToCounter(storeID, request, negate: true, customerID: customerID, at: now)
        case .watch(let storeID):
            return watch(storeID, request, customerID: customerID, at: now)
        }
        switch result {
        case .success(let response): return .success(response)
        case .failure(let error): return .failure(error)
        }
    }

    // MARK: - Shared steps

    /// Opens a store ID for the customer; any failure is the plain 400. A store this node
    /// already verified for the same customer skips the AES-SIV open (see
    /// `StoreRecord.identityVerified`); a store of another customer or an unknown ID is always
    /// opened, so the answer never depends on what this node holds.
    func openStoreID(_ storeID: String, customerID: String) -> Result<Void, APIError> {
        let record = stores[storeID]
        if let record, record.identityVerified, record.customerID == customerID { return .success(()) }
        guard cipher.open(storeID: storeID, customerID: customerID) != nil else { return .failure(.invalidStoreID) }
        if let record, record.customerID == customerID { record.identityVerified = true }
        return .success(())
    }

    func requireBody(_ request: PublicRequest) -> Result<[UInt8], APIError> {
        switch request.body {
        case .complete(let bytes): return .success(bytes)
        case .tooLarge: return .failure(.bodyTooLarge)
        }
    }

    /// The body (within the size limit) and the optional TTL header, in that order of checks.
    func bodyAndTimeToLive(_ request: PublicRequest) -> Result<(body: [UInt8], timeToLive: Duration?), APIError> {
        requireBody(request).flatMap { body in RequestValues.timeToLive(request.notValidAfter).map { (body, $0) } }
    }

    /// The content a create defines, with its bounds checked and its memory admitted.
    func admittedContent(
        _ definition: RequestValues.CreateBody, body: [UInt8], customerID: String
    ) -> Result<StoreContent, APIError> {
        let content: StoreContent
        switch definition {
        case .blob: content = .blob(body)
        case .counter(let counter):
            if let error = Self.validateNewCounter(counter) { return .failure(error) }
            content = .counter(counter)
        }
        return admitNewStore(content, customerID: customerID).map { content }
    }

    func requireNoWriteBarrier() -> Result<Void, APIError> {
        isWriteBarrierRaised ? .failure(.joinSyncing) : .success(())
    }

    func requireLockStateKnown(at now: Moment) -> Result<Void, APIError> {
        isInLockStateUnknownWindow(at: now.monotonic) ? .failure(.lockStateUnknown) : .success(())
    }

    /// The store, owned by this customer; `expiredIsError` adds the 410 check.
    func existingStore(
        _ storeID: String, customerID: String, at now: Moment, expiredIsError: Bool
    ) -> Result<StoreRecord, APIError> {
        guard let record = lookupStore(storeID) else { return .failure(.storeNotFound) }
        guard record.customerID == customerID else { return .failure(.unauthorized) }
        if expiredIsError, record.isExpired(at: now.wall) { return .failure(.storeExpired) }
        return .success(record)
    }

    func writeResponse(_ response: PublicResponse = .empty, at now: Moment) -> PublicResponse {
        var response = response
        response.degradedWrite = isReplicationDegraded(at: now.monotonic)
        return response
    }

    /// Mints a fresh store ID for the customer: random shard and unique IDs, sealed.
    func mintStoreID(customerID: String) -> Result<(storeID: String, shardID: String), APIError> {
        for _ in 0..<3 {
            let shardID = RandomTokens.shardID(using: &random)
            let uniqueID = RandomTokens.uniqueID(using: &random)
            guard let storeID = cipher.seal(shardID: shardID, uniqueID: uniqueID, customerID: customerID) else {
                return .failure(.internalError("failed to generate store ID"))
            }
            if !containsStore(storeID), !tombstones.contains(storeID) { return .success((storeID, shardID)) }
        }
        return .failure(.internalError("failed to generate store ID"))
    }

    /// Checks the limits for a new store of `content`.
    func admitNewStore(_ content: StoreContent, customerID: String) -> Result<Void, APIError> {
        if let error = memory.admit(
            growth: Int64(content.storedLength) + StoreRecord.overheadBytes, customerID: customerID)
        {
            return .failure(error)
        }
        return .success(())
    }

    /// Checks the limits for replacing a store's content (growth only).
    func admitReplacement(of record: StoreRecord, with content: StoreContent) -> Result<Void, APIError> {
        let growth = Int64(content.storedLength) - Int64(record.content.storedLength)
        if let error = memory.admit(growth: growth, customerID: record.customerID) { return .failure(error) }
        return .success(())
    }

    // MARK: - Stores

    /// `POST /api/v1/create` (`api.md` §5.1).
    func create(_ request: PublicRequest, customerID: String, at now: Moment) -> Result<PublicResponse, APIError> {
        let body: [UInt8]
        let timeToLive: Duration?
        let definition: RequestValues.CreateBody
        switch bodyAndTimeToLive(request) {
        case .success(let parsed): (body, timeToLive) = parsed
        case .failure(let error): return .failure(error)
        }
        switch RequestValues.createBody(body, countersAllowed: true) {
        case .success(let value): definition = value
        case .failure(let error): return .failure(error)
        }
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }

        let content: StoreContent
        switch admittedContent(definition, body: body, customerID: customerID) {
        case .success(let value): content = value
        case .failure(let error): return .failure(error)
        }
        let identity: (storeID: String, shardID: String)
        switch mintStoreID(customerID: customerID) {
        case .success(let value): identity = value
        case .failure(let error): return .failure(error)
        }
        let record = StoreRecord(
            customerID: customerID, shardID: identity.shardID, content: content,
            expiresAt: now.wall + (timeToLive ?? configuration.defaultTimeToLive), version: 1, epoch: epoch,
            createdAt: now.wall)
        record.identityVerified = true
        insert(record, storeID: identity.storeID)
        replicateStore(.createStore, storeID: identity.storeID, record: record, at: now)
        return .success(
            writeResponse(PublicResponse(contentType: .textPlain, body: Array(identity.storeID.utf8)), at: now))
    }

    /// `POST /api/v1/snapshot/{id}` (`api.md` §5.6): the last committed content; locks are
    /// never consulted (DECISIONS 5).
    func snapshot(_ storeID: String, customerID: String, at now: Moment) -> Result<PublicResponse, APIError> {
        if case .failure(let error) = openStoreID(storeID, customerID: customerID) { return .failure(error) }
        let record: StoreRecord
        switch existingStore(storeID, customerID: customerID, at: now, expiredIsError: true) {
        case .success(let value): record = value
        case .failure(let error): return .failure(error)
        }
        let remaining = remainingSeconds(of: record, at: now.wall)
        switch record.content {
        case .blob(let bytes):
            return .success(PublicResponse(contentType: .octetStream, body: bytes, notValidAfterSeconds: remaining))
        case .counter(let counter):
            return .success(
                PublicResponse(
                    contentType: .json, body: Self.counterJSON(counter, version: record.version, bounded: nil),
                    notValidAfterSeconds: remaining))
        }
    }

    /// `POST /api/v1/delete/{id}` (`api.md` §5.3, DECISIONS 1, 6, 18, 19): deleting a store this
    /// node does not hold is a 200 and leaves no tombstone; a store locked by another client
    /// cannot be deleted under it.
    func delete(_ storeID: String, customerID: String, at now: Moment) -> Result<PublicResponse, APIError> {
        if case .failure(let error) = openStoreID(storeID, customerID: customerID) { return .failure(error) }
        if case .failure(let error) = requireLockStateKnown(at: now) { return .failure(error) }
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        guard let record = peekStore(storeID) else { return .success(writeResponse(at: now)) }
        guard record.customerID == customerID else { return .failure(.unauthorized) }
        if record.activeLock(at: now.wall) != nil { return .failure(.storeLocked) }
        guard tombstones.admitsAnother(for: customerID) else { return .failure(.tombstoneLimitExceeded) }
        deleteStoreAndTombstone(storeID, record: record, at: now)
        return .success(writeResponse(at: now))
    }

    /// Removes a store, records its tombstone and replicates the DELETE.
    func deleteStoreAndTombstone(_ storeID: String, record: StoreRecord, at now: Moment) {
        removeStore(storeID)
        tombstones.record(storeID: storeID, customerID: record.customerID, at: now.wall)
        replicate(
            .store(
                StoreReplicationMessage(
                    kind: .deleteStore, storeID: storeID, shardID: record.shardID, customerID: record.customerID,
                    tombstone: true)), at: now)
    }

    /// `POST /api/v1/begin-modify/{id}` (`api.md` §5.7): locks a blob for 500 ms and returns
    /// its content. Counters are modified with increment and update instead (DECISIONS 14).
    func beginModify(_ storeID: String, customerID: String, at now: Moment) -> Result<PublicResponse, APIError> {
        if case .failure(let error) = openStoreID(storeID, customerID: customerID) { return .failure(error) }
        if case .failure(let error) = requireLockStateKnown(at: now) { return .failure(error) }
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        let record: StoreRecord
        switch existingStore(storeID, customerID: customerID, at: now, expiredIsError: true) {
        case .success(let value): record = value
        case .failure(let error): return .failure(error)
        }
        guard case .blob(let bytes) = record.content else { return .failure(.typeMismatch) }
        if record.activeLock(at: now.wall) != nil { return .failure(.storeLocked) }
        let lock = StoreLock(
            lockID: RandomTokens.lockID(using: &random), heldSince: now.wall, timeout: configuration.lockTimeout)
        record.lock = lock
        replicate(
            .store(
                StoreReplicationMessage(
                    kind: .lockAcquired, storeID: storeID, shardID: record.shardID, customerID: customerID,
                    lockID: lock.lockID, lockTimeout: lock.timeout)), at: now)
        return .success(
            PublicResponse(
                contentType: .octetStream, body: bytes, lockID: lock.lockID,
                notValidAfterSeconds: remainingSeconds(of: record, at: now.wall)))
    }

    /// `POST /api/v1/complete-modify/{id}` (`api.md` §5.8): replaces the content if the caller
    /// still holds an unexpired lock; an expired lock is a mismatch even if nobody re-locked
    /// (DECISIONS 4).
    func completeModify(
        _ storeID: String, _ request: PublicRequest, customerID: String, at now: Moment
    ) -> Result<PublicResponse, APIError> {
        guard let lockID = request.lockID, !lockID.isEmpty else { return .failure(.missingLockID) }
        if case .failure(let error) = openStoreID(storeID, customerID: customerID) { return .failure(error) }
        if case .failure(let error) = requireLockStateKnown(at: now) { return .failure(error) }
        let body: [UInt8]
        let timeToLive: Duration?
        switch bodyAndTimeToLive(request) {
        case .success(let parsed): (body, timeToLive) = parsed
        case .failure(let error): return .failure(error)
        }
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        let record: StoreRecord
        switch existingStore(storeID, customerID: customerID, at: now, expiredIsError: false) {
        case .success(let value): record = value
        case .failure(let error): return .failure(error)
        }
        guard !record.content.isCounter else { return .failure(.typeMismatch) }
        guard let lock = record.activeLock(at: now.wall), lock.lockID == lockID else {
            return .failure(.lockMismatch)
        }
        let content = StoreContent.blob(body)
        if case .failure(let error) = admitReplacement(of: record, with: content) { return .failure(error) }
        replaceContent(of: record, with: content)
        if let timeToLive { record.expiresAt = now.wall + timeToLive }
        record.version += 1
        record.epoch = epoch
        record.lock = nil
        replicateStore(.updateStore, storeID: storeID, record: record, at: now)
        return .success(writeResponse(at: now))
    }

    /// `POST /api/v1/cancel-modify/{id}` (`api.md` §5.9, DECISIONS 3): releases the caller's
    /// lock; when no lock is held any more (released or expired) it is a no-op 200. Only a
    /// live lock held under another ID is a mismatch.
    func cancelModify(
        _ storeID: String, _ request: PublicRequest, customerID: String, at now: Moment
    ) -> Result<PublicResponse, APIError> {
        guard let lockID = request.lockID, !lockID.isEmpty else { return .failure(.missingLockID) }
        if case .failure(let error) = openStoreID(storeID, customerID: customerID) { return .failure(error) }
        if case .failure(let error) = requireLockStateKnown(at: now) { return .failure(error) }
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        let record: StoreRecord
        switch existingStore(storeID, customerID: customerID, at: now, expiredIsError: false) {
        case .success(let value): record = value
        case .failure(let error): return .failure(error)
        }
        guard !record.content.isCounter else { return .failure(.typeMismatch) }
        guard let lock = record.lock else { return .success(.empty) }
        if lock.lockID != lockID {
            return lock.isExpired(at: now.wall) ? .success(.empty) : .failure(.lockMismatch)
        }
        record.lock = nil
        replicate(
            .store(
                StoreReplicationMessage(
                    kind: .lockReleased, storeID: storeID, shardID: record.shardID, customerID: customerID,
                    lockID: lockID)), at: now)
        return .success(.empty)
    }

    /// `POST /api/v1/update/{id}` (`api.md` §5.10): one-shot replace of a blob, or set of a
    /// counter (within bounds, no clamping). Refused while another client holds the lock
    /// (DECISIONS 6), for counters too.
    func update(
        _ storeID: String, _ request: PublicRequest, customerID: String, at now: Moment
    ) -> Result<PublicResponse, APIError> {
        if case .failure(let error) = openStoreID(storeID, customerID: customerID) { return .failure(error) }
        if case .failure(let error) = requireLockStateKnown(at: now) { return .failure(error) }
        let body: [UInt8]
        let timeToLive: Duration?
        switch bodyAndTimeToLive(request) {
        case .success(let parsed): (body, timeToLive) = parsed
        case .failure(let error): return .failure(error)
        }
        let record: StoreRecord
        switch existingStore(storeID, customerID: customerID, at: now, expiredIsError: true) {
        case .success(let value): record = value
        case .failure(let error): return .failure(error)
        }
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }

        let content: StoreContent
        switch record.content {
        case .blob:
            content = .blob(body)
        case .counter(var counter):
            switch RequestValues.counterValue(body) {
            case .success(let value):
                guard counter.contains(value) else { return .failure(.valueOutOfBounds) }
                counter.value = value
                content = .counter(counter)
            case .failure(let error): return .failure(error)
            }
        }
        if record.activeLock(at: now.wall) != nil { return .failure(.storeLocked) }
        if case .failure(let error) = admitReplacement(of: record, with: content) { return .failure(error) }
        replaceContent(of: record, with: content)
        if let timeToLive { record.expiresAt = now.wall + timeToLive }
        record.version += 1
        record.epoch = epoch
        replicateStore(.updateStore, storeID: storeID, record: record, at: now)
        return .success(writeResponse(at: now))
    }
}
