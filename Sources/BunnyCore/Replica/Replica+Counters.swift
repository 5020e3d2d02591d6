extension Replica {
    /// `POST /api/v1/increment|decrement/{id}` (`api.md` §5.11, §6): adds the delta (negated
    /// for decrement, two's complement, so −2^63 stays −2^63), refusing on overflow and while a
    /// modify lock is held, clamping to the bounds. Honours the LockStateUnknown window
    /// (DECISIONS 18).
    func addToCounter(
        _ storeID: String, _ request: PublicRequest, negate: Bool, customerID: String, at now: Moment
    ) -> Result<PublicResponse, APIError> {
        if case .failure(let error) = openStoreID(storeID, customerID: customerID) { return .failure(error) }
        if case .failure(let error) = requireLockStateKnown(at: now) { return .failure(error) }
        let delta: Int64
        let timeToLive: Duration?
        switch requireBody(request).flatMap(RequestValues.delta) {
        case .success(let value): delta = negate ? 0 &- value : value
        case .failure(let error): return .failure(error)
        }
        switch RequestValues.timeToLive(request.notValidAfter) {
        case .success(let value): timeToLive = value
        case .failure(let error): return .failure(error)
        }
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        let record: StoreRecord
        switch existingStore(storeID, customerID: customerID, at: now, expiredIsError: true) {
        case .success(let value): record = value
        case .failure(let error): return .failure(error)
        }
        guard case .counter(let counter) = record.content else { return .failure(.typeMismatch) }
        if record.activeLock(at: now.wall) != nil { return .failure(.storeLocked) }
        guard case .applied(let updated, let bounded) = counter.adding(delta) else { return .failure(.overflow) }
        let content = StoreContent.counter(updated)
        if case .failure(let error) = admitReplacement(of: record, with: content) { return .failure(error) }
        replaceContent(of: record, with: content)
        if let timeToLive { record.expiresAt = now.wall + timeToLive }
        record.version += 1
        record.epoch = epoch
        replicateStore(.updateStore, storeID: storeID, record: record, at: now)
        return .success(
            writeResponse(
                PublicResponse(
                    contentType: .json, body: Self.counterJSON(updated, version: record.version, bounded: bounded)),
                at: now))
    }

    /// Bounds checks for a new counter: `min > max` is InvalidBounds; a value outside them is
    /// ValueOutOfBounds.
    static func validateNewCounter(_ counter: CounterState) -> APIError? {
        if let minimum = counter.minimum, let maximum = counter.maximum, minimum > maximum { return .invalidBounds }
        if !counter.contains(counter.value) { return .valueOutOfBounds }
        return nil
    }

    /// A counter as the API answers it: `{"value","version"}`, `"bounded"` when given (always
    /// on increment and decrement, DECISIONS 13), then `"min"`/`"max"` when set; newline-ended.
    static func counterJSON(_ counter: CounterState, version: UInt64, bounded: Bool?) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(80)
        output.append(contentsOf: Array(#"{"value":"#.utf8))
        JSONText.appendInteger(counter.value, to: &output)
        output.append(contentsOf: Array(#","version":"#.utf8))
        JSONText.appendInteger(version, to: &output)
        if let bounded {
            output.append(contentsOf: Array((bounded ? #","bounded":true"# : #","bounded":false"#).utf8))
        }
        if let minimum = counter.minimum {
            output.append(contentsOf: Array(#","min":"#.utf8))
            JSONText.appendInteger(minimum, to: &output)
        }
        if let maximum = counter.maximum {
            output.append(contentsOf: Array(#","max":"#.utf8))
            JSONText.appendInteger(maximum, to: &output)
        }
        output.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
        return output
    }
}
