import LabCore
import Testing

@Suite struct MessageClassTests {
    @Test(arguments: [
        ("POST", "/internal/heartbeat", MessageClass.heartbeat),
        ("POST", "/internal/replicate", .replicate),
        ("POST", "/internal/replicate-batch", .replicate),
        ("POST", "/internal/replicate-binary", .replicate),
        ("GET", "/internal/replicate-binary", .other),
        ("POST", "/internal/replicate-registry", .replicateRegistry),
        ("POST", "/internal/join-snapshot", .joinSnapshot),
        ("POST", "/internal/registry/reserve", .other),
        ("POST", "/internal/registry/commit", .other),
        ("POST", "/internal/registry/abort", .other),
        ("GET", "/internal/registry/lookup?customer_id=acme&name=cart", .other),
        ("POST", "/internal/registry/delete", .other),
        ("POST", "/internal/promote", .other),
        ("POST", "/internal/release-lock/v1:0:abc", .other),
        ("GET", "/status", .status),
        ("GET", "/status?verbose=1", .status),
        ("POST", "/api/v1/create", .forwarded),
        ("POST", "/api/v1/increment/v1:0:UTwUla4bxg94WEd8zAINdyuwTjEIjLHQDl0lbE827rEXET5NVj4SoXD4fcY", .forwarded),
        ("POST", "/api/v1/create-by-name/cart-42?ttl=600", .forwarded),
        ("GET", "/api/v1/snapshot/v1:0:x", .forwarded),
        ("DELETE", "/api/v1/delete/x", .forwarded),
        ("POST", "/api/v1", .forwarded),
        ("POST", "/api/v10/create", .other),
        ("POST", "/api/v1create", .other),
        ("GET", "/", .other),
        ("GET", "/metrics", .other),
        ("POST", "/internal/heartbeat?x=1", .heartbeat),
        ("POST", "/internal/heartbeat/", .other),
        ("POST", "/internal/replicate-registry/extra", .other),
        ("POST", "/Internal/Heartbeat", .other),
        ("POST", "http://127.0.0.1:19201/internal/heartbeat", .heartbeat),
        ("POST", "http://127.0.0.1:19201", .other),
    ])
    func classifiesEveryPath(method: String, path: String, expected: MessageClass) {
        #expect(MessageClass.classify(method: method, path: path) == expected)
    }

    @Test(arguments: [
        ("GET", "/internal/heartbeat"), ("PUT", "/internal/replicate"), ("GET", "/internal/replicate-registry"),
        ("GET", "/internal/join-snapshot"), ("POST", "/status"), ("HEAD", "/status"),
    ])
    func peerPathsWithTheWrongMethodAreOther(method: String, path: String) {
        #expect(MessageClass.classify(method: method, path: path) == .other)
    }

    @Test func rawValuesAreTheSpecificationNames() {
        #expect(
            MessageClass.allCases.map(\.rawValue) == [
                "heartbeat", "replicate", "replicate-registry", "join-snapshot", "forwarded", "status", "other",
            ])
    }
}
