import NIOCore
import NIOHTTP1

/// Typed calls for every endpoint. Each sends the request built by the matching
/// `ClientRequest` constructor, requires `200`, and decodes the answer. `headers` are extra
/// headers that replace any the call sets itself.
extension BunnyClient {
    public func create(
        customer: String, body: some Collection<UInt8>, timeToLiveSeconds: Int64? = nil, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> CreatedStore {
        let request = ClientRequest.create(
            customer: customer, body: body, timeToLiveSeconds: timeToLiveSeconds, headers: headers)
        return try createdStore(from: try await perform(request))
    }

    public func createByName(
        _ name: String, customer: String, body: some Collection<UInt8>, reuseIfExists: Bool = false,
        timeToLiveSeconds: Int64? = nil, contentType: String? = nil, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> CreatedStore {
        let request = ClientRequest.createByName(
            name, customer: customer, body: body, reuseIfExists: reuseIfExists, timeToLiveSeconds: timeToLiveSeconds,
            contentType: contentType, headers: headers)
        return try createdStore(from: try await perform(request))
    }

    public func createCounter(
        customer: String, value: Int64, minimum: Int64? = nil, maximum: Int64? = nil, name: String? = nil,
        reuseIfExists: Bool = false, timeToLiveSeconds: Int64? = nil, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> CreatedStore {
        let request = ClientRequest.createCounter(
            customer: customer, value: value, minimum: minimum, maximum: maximum, name: name,
            reuseIfExists: reuseIfExists, timeToLiveSeconds: timeToLiveSeconds, headers: headers)
        return try createdStore(from: try await perform(request))
    }

    public func snapshot(
        storeID: String, customer: String, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> StoreSnapshot {
        let response = try await perform(.snapshot(storeID: storeID, customer: customer, headers: headers))
        return StoreSnapshot(
            body: response.bodyBytes, contentType: response.header(HeaderName.contentType),
            remainingSeconds: response.remainingSeconds)
    }

    /// Waits until the store's version passes `knownVersion` (our watch endpoint); nil when
    /// `timeoutSeconds` passed first.
    public func watch(
        storeID: String, customer: String, knownVersion: UInt64, timeoutSeconds: Int = 30, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> WatchedChange? {
        let response = try await send(
            .watch(
                storeID: storeID, customer: customer, knownVersion: knownVersion, timeoutSeconds: timeoutSeconds,
                headers: headers))
        switch response.status {
        case 200:
            return WatchedChange(
                snapshot: StoreSnapshot(
                    body: response.bodyBytes, contentType: response.header(HeaderName.contentType),
                    remainingSeconds: response.remainingSeconds),
                version: response.header(HeaderName.version).flatMap { UInt64($0) } ?? 0)
        case 204:
            return nil
        default:
            throw .errorAnswer(ErrorResponse(response: response))
        }
    }

    /// A counter's snapshot, decoded.
    public func counter(
        storeID: String, customer: String, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> CounterReading {
        let response = try await perform(.snapshot(storeID: storeID, customer: customer, headers: headers))
        return try CounterReading(json: response.body.readableBytesView, warning: response.warning)
    }

    @discardableResult
    public func delete(
        storeID: String, customer: String, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> WriteAcknowledgement {
        let response = try await perform(.delete(storeID: storeID, customer: customer, headers: headers))
        return WriteAcknowledgement(warning: response.warning)
    }

    @discardableResult
    public func deleteByName(
        _ name: String, customer: String, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> WriteAcknowledgement {
        let response = try await perform(.deleteByName(name, customer: customer, headers: headers))
        return WriteAcknowledgement(warning: response.warning)
    }

    /// The store ID registered under `name`.
    public func lookup(
        name: String, customer: String, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> String {
        let response = try await perform(.lookup(name: name, customer: customer, headers: headers))
        return String(response.bodyText.trimmingSpaces)
    }

    public func beginModify(
        storeID: String, customer: String, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> ModifyLock {
        let response = try await perform(.beginModify(storeID: storeID, customer: customer, headers: headers))
        guard let lockID = response.header(HeaderName.lockID), !lockID.isEmpty else {
            throw .malformedResponse(detail: "begin-modify answer without \(HeaderName.lockID)")
        }
        return ModifyLock(lockID: lockID, body: response.bodyBytes, remainingSeconds: response.remainingSeconds)
    }

    @discardableResult
    public func completeModify(
        storeID: String, lockID: String, customer: String, body: some Collection<UInt8>,
        timeToLiveSeconds: Int64? = nil, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> WriteAcknowledgement {
        let request = ClientRequest.completeModify(
            storeID: storeID, lockID: lockID, customer: customer, body: body, timeToLiveSeconds: timeToLiveSeconds,
            headers: headers)
        return WriteAcknowledgement(warning: try await perform(request).warning)
    }

    public func cancelModify(
        storeID: String, lockID: String, customer: String, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) {
        _ = try await perform(.cancelModify(storeID: storeID, lockID: lockID, customer: customer, headers: headers))
    }

    @discardableResult
    public func update(
        storeID: String, customer: String, body: some Collection<UInt8>, timeToLiveSeconds: Int64? = nil,
        headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> WriteAcknowledgement {
        let request = ClientRequest.update(
            storeID: storeID, customer: customer, body: body, timeToLiveSeconds: timeToLiveSeconds, headers: headers)
        return WriteAcknowledgement(warning: try await perform(request).warning)
    }

    @discardableResult
    public func setCounter(
        storeID: String, customer: String, value: Int64, timeToLiveSeconds: Int64? = nil, headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> WriteAcknowledgement {
        let request = ClientRequest.setCounter(
            storeID: storeID, customer: customer, value: value, timeToLiveSeconds: timeToLiveSeconds, headers: headers)
        return WriteAcknowledgement(warning: try await perform(request).warning)
    }

    public func increment(
        storeID: String, customer: String, delta: Int64 = 1, timeToLiveSeconds: Int64? = nil,
        headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> CounterReading {
        let request = ClientRequest.increment(
            storeID: storeID, customer: customer, delta: delta, timeToLiveSeconds: timeToLiveSeconds, headers: headers)
        let response = try await perform(request)
        return try CounterReading(json: response.body.readableBytesView, warning: response.warning)
    }

    public func decrement(
        storeID: String, customer: String, delta: Int64 = 1, timeToLiveSeconds: Int64? = nil,
        headers: HTTPHeaders = [:]
    ) async throws(BunnyClientError) -> CounterReading {
        let request = ClientRequest.decrement(
            storeID: storeID, customer: customer, delta: delta, timeToLiveSeconds: timeToLiveSeconds, headers: headers)
        let response = try await perform(request)
        return try CounterReading(json: response.body.readableBytesView, warning: response.warning)
    }

    public func status(headers: HTTPHeaders = [:]) async throws(BunnyClientError) -> DaemonStatus {
        let response = try await perform(.status(headers: headers))
        return try DaemonStatus(json: response.body.readableBytesView)
    }

    public func promote(headers: HTTPHeaders = [:]) async throws(BunnyClientError) {
        _ = try await perform(.promote(headers: headers))
    }

    public func releaseLock(storeID: String, headers: HTTPHeaders = [:]) async throws(BunnyClientError) {
        _ = try await perform(.releaseLock(storeID: storeID, headers: headers))
    }

    private func createdStore(from response: ClientResponse) throws(BunnyClientError) -> CreatedStore {
        let storeID = String(response.bodyText.trimmingSpaces)
        guard !storeID.isEmpty else {
            throw .malformedResponse(detail: "create answer without a store ID")
        }
        return CreatedStore(storeID: storeID, warning: response.warning)
    }
}
