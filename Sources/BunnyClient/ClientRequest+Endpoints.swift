import NIOCore
import NIOHTTP1

/// Constructors for every endpoint of `api.md` §4. Each takes `headers` last: extra headers
/// that replace any header of the same name the constructor sets (for example a custom TTL
/// spelling or `X-BB-No-Forward`).
extension ClientRequest {
    public static func create(
        customer: String, body: some Collection<UInt8>, timeToLiveSeconds: Int64? = nil, headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        ClientRequest(
            method: .POST, path: "/api/v1/create",
            headers: storeHeaders(customer: customer, timeToLiveSeconds: timeToLiveSeconds, extra: headers),
            body: ByteBuffer(bytes: body))
    }

    /// `contentType` matters for counters only: a body `{"type":"counter",...}` becomes a counter
    /// on create-by-name only with `Content-Type: application/json`.
    public static func createByName(
        _ name: String, customer: String, body: some Collection<UInt8>, reuseIfExists: Bool = false,
        timeToLiveSeconds: Int64? = nil, contentType: String? = nil, headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        var base: HTTPHeaders = [:]
        if reuseIfExists { base.add(name: HeaderName.reuseIfExists, value: "true") }
        if let contentType { base.add(name: HeaderName.contentType, value: contentType) }
        return ClientRequest(
            method: .POST, path: "/api/v1/create-by-name/" + encodePathSegment(name),
            headers: storeHeaders(customer: customer, timeToLiveSeconds: timeToLiveSeconds, base: base, extra: headers),
            body: ByteBuffer(bytes: body))
    }

    /// A counter, by `POST /api/v1/create` or, with a name, `create-by-name`. The body is
    /// `{"type":"counter","value":V}` plus `min`/`max` when given.
    public static func createCounter(
        customer: String, value: Int64, minimum: Int64? = nil, maximum: Int64? = nil, name: String? = nil,
        reuseIfExists: Bool = false, timeToLiveSeconds: Int64? = nil, headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        var json = "{\"type\":\"counter\",\"value\":\(value)"
        if let minimum { json += ",\"min\":\(minimum)" }
        if let maximum { json += ",\"max\":\(maximum)" }
        json += "}"
        var base: HTTPHeaders = [HeaderName.contentType: "application/json"]
        if reuseIfExists { base.add(name: HeaderName.reuseIfExists, value: "true") }
        let path: String
        if let name, !name.isEmpty {
            path = "/api/v1/create-by-name/" + encodePathSegment(name)
        } else {
            path = "/api/v1/create"
        }
        return ClientRequest(
            method: .POST, path: path,
            headers: storeHeaders(customer: customer, timeToLiveSeconds: timeToLiveSeconds, base: base, extra: headers),
            body: ByteBuffer(string: json))
    }

    public static func snapshot(storeID: String, customer: String, headers: HTTPHeaders = [:]) -> ClientRequest {
        storeRequest("snapshot", storeID, customer: customer, extra: headers)
    }

    /// A watch (our addition): answers when the store's version passes `knownVersion`, or
    /// `204` after `timeoutSeconds`. The request's own timeout leaves the daemon 5 s more.
    public static func watch(
        storeID: String, customer: String, knownVersion: UInt64, timeoutSeconds: Int, headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        var extra: HTTPHeaders = [
            HeaderName.knownVersion: String(knownVersion), HeaderName.watchTimeout: String(timeoutSeconds),
        ]
        extra.add(contentsOf: headers)
        var request = storeRequest("watch", storeID, customer: customer, extra: extra)
        request.timeout = .seconds(timeoutSeconds + 5)
        return request
    }

    public static func delete(storeID: String, customer: String, headers: HTTPHeaders = [:]) -> ClientRequest {
        storeRequest("delete", storeID, customer: customer, extra: headers)
    }

    public static func deleteByName(_ name: String, customer: String, headers: HTTPHeaders = [:]) -> ClientRequest {
        storeRequest("delete-by-name", name, customer: customer, extra: headers)
    }

    public static func lookup(name: String, customer: String, headers: HTTPHeaders = [:]) -> ClientRequest {
        storeRequest("lookup-id-by-name", name, customer: customer, extra: headers)
    }

    public static func beginModify(storeID: String, customer: String, headers: HTTPHeaders = [:]) -> ClientRequest {
        storeRequest("begin-modify", storeID, customer: customer, extra: headers)
    }

    public static func completeModify(
        storeID: String, lockID: String, customer: String, body: some Collection<UInt8>,
        timeToLiveSeconds: Int64? = nil, headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        storeRequest(
            "complete-modify", storeID, customer: customer, lockID: lockID, timeToLiveSeconds: timeToLiveSeconds,
            body: ByteBuffer(bytes: body), extra: headers)
    }

    public static func cancelModify(
        storeID: String, lockID: String, customer: String, headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        storeRequest("cancel-modify", storeID, customer: customer, lockID: lockID, extra: headers)
    }

    /// Replaces a blob's contents (or, with `{"value":N}`, sets a counter).
    public static func update(
        storeID: String, customer: String, body: some Collection<UInt8>, timeToLiveSeconds: Int64? = nil,
        headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        storeRequest(
            "update", storeID, customer: customer, timeToLiveSeconds: timeToLiveSeconds,
            body: ByteBuffer(bytes: body), extra: headers)
    }

    /// Sets a counter: `POST /api/v1/update/{id}` with `{"value":N}`.
    public static func setCounter(
        storeID: String, customer: String, value: Int64, timeToLiveSeconds: Int64? = nil, headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        storeRequest(
            "update", storeID, customer: customer, timeToLiveSeconds: timeToLiveSeconds, jsonContent: true,
            body: ByteBuffer(string: "{\"value\":\(value)}"), extra: headers)
    }

    public static func increment(
        storeID: String, customer: String, delta: Int64 = 1, timeToLiveSeconds: Int64? = nil,
        headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        storeRequest(
            "increment", storeID, customer: customer, timeToLiveSeconds: timeToLiveSeconds, jsonContent: true,
            body: ByteBuffer(string: "{\"delta\":\(delta)}"), extra: headers)
    }

    public static func decrement(
        storeID: String, customer: String, delta: Int64 = 1, timeToLiveSeconds: Int64? = nil,
        headers: HTTPHeaders = [:]
    ) -> ClientRequest {
        storeRequest(
            "decrement", storeID, customer: customer, timeToLiveSeconds: timeToLiveSeconds, jsonContent: true,
            body: ByteBuffer(string: "{\"delta\":\(delta)}"), extra: headers)
    }

    public static func status(headers: HTTPHeaders = [:]) -> ClientRequest {
        ClientRequest(method: .GET, path: "/status", headers: headers)
    }

    /// `POST /internal/promote` (Unix socket only).
    public static func promote(headers: HTTPHeaders = [:]) -> ClientRequest {
        ClientRequest(method: .POST, path: "/internal/promote", headers: headers)
    }

    /// `POST /internal/release-lock/{id}` (Unix socket only; no customer).
    public static func releaseLock(storeID: String, headers: HTTPHeaders = [:]) -> ClientRequest {
        ClientRequest(method: .POST, path: "/internal/release-lock/" + encodePathSegment(storeID), headers: headers)
    }

    private static func storeRequest(
        _ operation: String, _ segment: String, customer: String, lockID: String? = nil,
        timeToLiveSeconds: Int64? = nil, jsonContent: Bool = false, body: ByteBuffer? = nil, extra: HTTPHeaders
    ) -> ClientRequest {
        var base: HTTPHeaders = [:]
        if let lockID { base.add(name: HeaderName.lockID, value: lockID) }
        if jsonContent { base.add(name: HeaderName.contentType, value: "application/json") }
        return ClientRequest(
            method: .POST, path: "/api/v1/" + operation + "/" + encodePathSegment(segment),
            headers: storeHeaders(customer: customer, timeToLiveSeconds: timeToLiveSeconds, base: base, extra: extra),
            body: body)
    }

    private static func storeHeaders(
        customer: String, timeToLiveSeconds: Int64?, base: HTTPHeaders = [:], extra: HTTPHeaders
    ) -> HTTPHeaders {
        var headers = base
        headers.add(name: HeaderName.customerID, value: customer)
        if let timeToLiveSeconds {
            headers.add(name: HeaderName.notValidAfter, value: String(timeToLiveSeconds))
        }
        for (name, value) in extra {
            headers.replaceOrAdd(name: name, value: value)
        }
        return headers
    }
}
