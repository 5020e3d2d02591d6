extension Replica {
    /// Whether a registry entry is ACTIVE but its store is gone or expired: such a name is
    /// free again (DECISIONS 11), and lookups report it as not found.
    func isDangling(_ entry: NameEntry, at now: Moment) -> Bool {
        guard entry.state == .active else { return false }
        guard let record = peekStore(entry.storeID) else { return true }
        return record.isExpired(at: now.wall)
    }

    func isFreshReservation(_ entry: NameEntry, at now: Moment) -> Bool {
        entry.state == .creating && now.wall - entry.reservedAt <= configuration.reservationLifetime
    }

    /// Deletes a registry entry and replicates REGISTRY_DELETE.
    func deleteName(_ entry: NameEntry, at now: Moment) {
        registry.remove(customerID: entry.customerID, name: entry.name)
        replicate(
            .registry(RegistryReplicationMessage(kind: .delete, customerID: entry.customerID, name: entry.name)),
            at: now)
    }

    /// `POST /api/v1/create-by-name/{name}` (`api.md` §5.2, DECISIONS 9–12).
    ///
    /// On this single-threaded core the two phases run back to back, so the reservation is
    /// never observable half-done on the primary; the peer still receives RESERVE, CREATE (with
    /// `pending_name` and the raw body) and COMMIT, in that order on one stream.
    func createByName(
        _ rawName: String, _ request: PublicRequest, customerID: String, at now: Moment
    ) -> Result<PublicResponse, APIError> {
        let name: String
        switch RequestValues.validatedName(rawName) {
        case .success(let value): name = value
        case .failure(let error): return .failure(error)
        }
        if let entry = registry.entry(customerID: customerID, name: name) {
            switch entry.state {
            case .active where !isDangling(entry, at: now):
                guard RequestValues.isTruthy(request.reuseIfExists) else { return .failure(.nameExists) }
                return .success(PublicResponse(contentType: .textPlain, body: Array(entry.storeID.utf8)))
            case .creating where isFreshReservation(entry, at: now):
                return .failure(.nameReservationInProgress)
            case .deleting:
                return .failure(.nameDeletionInProgress)
            default:
                break  // A dangling name or a stale reservation: replaced below.
            }
        }
        let body: [UInt8]
        let timeToLive: Duration?
        let definition: RequestValues.CreateBody
        switch bodyAndTimeToLive(request) {
        case .success(let parsed): (body, timeToLive) = parsed
        case .failure(let error): return .failure(error)
        }
        switch RequestValues.createBody(
            body, countersAllowed: RequestValues.allowsCounterDefinition(contentType: request.contentType)) {
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

        if let stale = registry.entry(customerID: customerID, name: name), stale.state == .active {
            deleteName(stale, at: now)
        }
        var entry = NameEntry(
            customerID: customerID, name: name, storeID: "", state: .creating, expiresAt: .unset,
            reservationID: RandomTokens.reservationID(using: &random), reservedAt: now.wall, epoch: epoch, version: 1)
        registry.put(entry)
        replicate(
            .registry(
                RegistryReplicationMessage(
                    kind: .reserve, customerID: customerID, name: name, state: NameEntry.State.creating.rawValue,
                    reservationID: entry.reservationID, leaderEpoch: epoch, version: entry.version)), at: now)

        let record = StoreRecord(
            customerID: customerID, shardID: identity.shardID, content: content,
            expiresAt: now.wall + (timeToLive ?? configuration.defaultTimeToLive), version: 1, epoch: epoch,
            pendingName: name, createdAt: now.wall)
        record.identityVerified = true
        insert(record, storeID: identity.storeID)
        replicate(
            .store(
                StoreReplicationMessage(
                    kind: .createStore, storeID: identity.storeID, shardID: identity.shardID, customerID: customerID,
                    dataType: content.isCounter ? 1 : 0, body: body, expiresAt: record.expiresAt, version: 1,
                    pendingName: name)), at: now)

        entry.storeID = identity.storeID
        entry.state = .active
        entry.expiresAt = record.expiresAt
        entry.version += 1
        registry.put(entry)
        replicate(
            .registry(
                RegistryReplicationMessage(
                    kind: .commit, customerID: customerID, name: name, storeID: identity.storeID,
                    state: NameEntry.State.active.rawValue, expiresAt: entry.expiresAt,
                    reservationID: entry.reservationID, leaderEpoch: epoch, version: entry.version)), at: now)
        record.pendingName = ""
        return .success(PublicResponse(contentType: .textPlain, body: Array(identity.storeID.utf8)))
    }

    /// `POST /api/v1/delete-by-name/{name}` (`api.md` §5.4, DECISIONS 2): idempotent; marks the
    /// name deleting, deletes and tombstones its store, then removes the name — each step
    /// replicated in order.
    func deleteByName(_ rawName: String, customerID: String, at now: Moment) -> Result<PublicResponse, APIError> {
        let name: String
        switch RequestValues.validatedName(rawName) {
        case .success(let value): name = value
        case .failure(let error): return .failure(error)
        }
        guard var entry = registry.entry(customerID: customerID, name: name) else { return .success(.empty) }
        if entry.state == .creating, isFreshReservation(entry, at: now) {
            return .failure(.nameReservationInProgress)
        }
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        let record = entry.storeID.isEmpty ? nil : peekStore(entry.storeID)
        if let record {
            guard record.customerID == customerID else { return .failure(.unauthorized) }
            if record.activeLock(at: now.wall) != nil { return .failure(.storeLocked) }
            guard tombstones.admitsAnother(for: customerID) else { return .failure(.tombstoneLimitExceeded) }
        }
        if entry.state != .deleting, !entry.storeID.isEmpty {
            entry.state = .deleting
            entry.version += 1
            registry.put(entry)
            replicate(
                .registry(
                    RegistryReplicationMessage(
                        kind: .commit, customerID: customerID, name: name, storeID: entry.storeID,
                        state: NameEntry.State.deleting.rawValue, expiresAt: entry.expiresAt,
                        reservationID: entry.reservationID, leaderEpoch: epoch, version: entry.version)), at: now)
        }
        if let record { deleteStoreAndTombstone(entry.storeID, record: record, at: now) }
        deleteName(entry, at: now)
        return .success(.empty)
    }

    /// `POST /api/v1/lookup-id-by-name/{name}` (`api.md` §5.5). A name whose store is gone is
    /// reported as not found; only the primary cleans such an entry up (a secondary must not
    /// delete a name and replicate that to the primary, `cluster.md` §13.6).
    func lookupIDByName(_ rawName: String, customerID: String, at now: Moment) -> Result<PublicResponse, APIError> {
        let name: String
        switch RequestValues.validatedName(rawName) {
        case .success(let value): name = value
        case .failure(let error): return .failure(error)
        }
        guard let entry = registry.entry(customerID: customerID, name: name) else { return .failure(.nameNotFound) }
        switch entry.state {
        case .creating: return .failure(.nameReservationInProgress)
        case .deleting: return .failure(.nameDeletionInProgress)
        case .active:
            if isDangling(entry, at: now) {
                if role == .primary, !isWriteBarrierRaised { deleteName(entry, at: now) }
                return .failure(.nameNotFound)
            }
            if let record = peekStore(entry.storeID), record.customerID != customerID { return .failure(.unauthorized) }
            return .success(PublicResponse(contentType: .textPlain, body: Array(entry.storeID.utf8)))
        }
    }
}
