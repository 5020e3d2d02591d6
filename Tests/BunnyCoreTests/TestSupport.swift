import BunnyCore
import TestSupport

/// A transparent stand-in for the store-ID cipher: IDs spell out their parts, so tests can
/// reason about them. The real cipher is tested against the spec's vectors in BunnyCryptoTests.
struct TransparentCipher: StoreIdentityCipher {
    func seal(shardID: String, uniqueID: String, customerID: String) -> String? {
        "v1:t:\(customerID)|\(shardID)|\(uniqueID)"
    }

    func open(storeID: String, customerID: String) -> String? {
        guard storeID.hasPrefix("v1:t:") else { return nil }
        let parts = storeID.dropFirst(5).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == customerID else { return nil }
        return String(parts[1])
    }
}

/// A replica on a manual clock, with helpers that read like the API.
final class Harness {
    let replica: Replica
    var now = Moment(
        wall: WallTime(nanosecondsSinceEpoch: 1_767_225_600_000_000_000),  // 2026-01-01T00:00:00Z
        monotonic: MonotonicTime(nanoseconds: 1_000_000_000))

    init(
        configure: (inout ReplicaConfiguration) -> Void = { _ in }, peers: Bool = false,
        coldTier: (any ColdStoreTier)? = nil
    ) {
        var configuration = ReplicaConfiguration()
        configuration.rateLimitPerSecond = 0
        if peers { configuration.peers = [PeerAddress(hostID: "host2", address: "127.0.0.1:9")] }
        configure(&configuration)
        replica = Replica(
            configuration: configuration, cipher: TransparentCipher(), random: SeededGenerator(seed: 42),
            coldTier: coldTier)
        replica.startAsSinglePrimary(at: now)
    }

    func advance(_ duration: Duration) {
        now = now.advanced(by: duration)
    }

    @discardableResult
    func send(
        _ endpoint: PublicEndpoint, customer: String? = "acme", body: String = "", ttl: String? = nil,
        lock: String? = nil, reuse: String? = nil, contentType: String? = nil, bodyTooLarge: Bool = false
    ) -> PublicOutcome {
        replica.handle(
            PublicRequest(
                endpoint: endpoint, customerID: customer,
                body: bodyTooLarge ? .tooLarge : .complete(Array(body.utf8)), notValidAfter: ttl, lockID: lock,
                reuseIfExists: reuse, contentType: contentType), at: now)
    }

    /// Creates a store and returns its ID (fails the test through a trap if creation fails).
    func create(_ body: String = "hello", customer: String = "acme", ttl: String? = nil) -> String {
        guard case .success(let response) = send(.create, customer: customer, body: body, ttl: ttl) else {
            preconditionFailure("create failed")
        }
        return String(decoding: response.body, as: UTF8.self)
    }
}

extension PublicOutcome {
    var error: APIError? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var response: PublicResponse? {
        if case .success(let response) = self { return response }
        return nil
    }

    var bodyText: String? { response.map { String(decoding: $0.body, as: UTF8.self) } }
}
