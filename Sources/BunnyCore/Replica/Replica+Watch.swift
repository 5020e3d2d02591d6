extension Replica {
    /// The longest a watch may wait (`BigBunny-Watch-Timeout`), and the wait when none is given.
    public static let maximumWatchTimeout: Duration = .seconds(120)
    public static let defaultWatchTimeout: Duration = .seconds(30)

    /// `POST /api/v1/watch/{id}` (our addition): the store's snapshot, with its version in
    /// `BigBunny-Version`, as soon as its version is greater than `BigBunny-Known-Version`
    /// (absent: 0, so the first watch answers at once and tells the client where it stands).
    /// Until then the outcome is `.wait`, and the shell parks the request; it asks again after
    /// every change to the store and answers `204` with the current version when the wait
    /// (`BigBunny-Watch-Timeout`, default 30 s, at most 120 s) ends.
    ///
    /// A read like snapshot: served by a secondary too, from what replication has applied, so
    /// watchers can spread over both nodes. Checks in snapshot's order, then the two headers.
    func watch(_ storeID: String, _ request: PublicRequest, customerID: String, at now: Moment) -> PublicOutcome {
        if case .failure(let error) = openStoreID(storeID, customerID: customerID) { return .failure(error) }
        let record: StoreRecord
        switch existingStore(storeID, customerID: customerID, at: now, expiredIsError: true) {
        case .success(let value): record = value
        case .failure(let error): return .failure(error)
        }
        var knownVersion: UInt64 = 0
        if let raw = request.knownVersion {
            guard let parsed = UInt64(RequestValues.trimmed(raw)) else { return .failure(.invalidKnownVersion) }
            knownVersion = parsed
        }
        var timeout = Self.defaultWatchTimeout
        if let raw = request.watchTimeout {
            guard let seconds = Int64(RequestValues.trimmed(raw)), seconds >= 0,
                .seconds(seconds) <= Self.maximumWatchTimeout
            else { return .failure(.invalidWatchTimeout) }
            timeout = .seconds(seconds)
        }
        guard record.version > knownVersion else {
            return .wait(
                WatchWait(
                    storeID: storeID, knownVersion: knownVersion, currentVersion: record.version, timeout: timeout))
        }
        switch snapshot(storeID, customerID: customerID, at: now) {
        case .success(var response):
            response.version = record.version
            return .success(response)
        case .failure(let error):
            return .failure(error)
        }
    }

    /// A parked watch looks again after a change: the same checks, but not the rate limit (the
    /// client asked once), with `knownVersion` as the version it holds.
    public func recheckWatch(_ request: PublicRequest, knownVersion: UInt64, at now: Moment) -> PublicOutcome {
        if role == .joining || role == .unknown { return .failure(.recoveryInProgress) }
        guard case .watch(let storeID) = request.endpoint, let customerID = request.customerID else {
            return .failure(.missingCustomerID)
        }
        var again = request
        again.knownVersion = String(knownVersion)
        return watch(storeID, again, customerID: customerID, at: now)
    }
}
