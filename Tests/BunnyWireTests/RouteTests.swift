import BunnyCore
import Testing

@testable import BunnyWire

@Suite("Routing")
struct RouteTests {
    @Test(arguments: [
        (RequestMethod.post, "/api/v1/create", Route.publicAPI(.create)),
        (.post, "/api/v1/create-by-name/cart:42", .publicAPI(.createByName(name: "cart:42"))),
        (.post, "/api/v1/delete/v1:0:abc", .publicAPI(.delete(storeID: "v1:0:abc"))),
        (.post, "/api/v1/delete-by-name/n", .publicAPI(.deleteByName(name: "n"))),
        (.post, "/api/v1/lookup-id-by-name/n", .publicAPI(.lookupIDByName(name: "n"))),
        (.post, "/api/v1/snapshot/id?x=1", .publicAPI(.snapshot(storeID: "id"))),
        (.post, "/api/v1/begin-modify/id", .publicAPI(.beginModify(storeID: "id"))),
        (.post, "/api/v1/complete-modify/id", .publicAPI(.completeModify(storeID: "id"))),
        (.post, "/api/v1/cancel-modify/id", .publicAPI(.cancelModify(storeID: "id"))),
        (.post, "/api/v1/update/id", .publicAPI(.update(storeID: "id"))),
        (.post, "/api/v1/increment/id", .publicAPI(.increment(storeID: "id"))),
        (.post, "/api/v1/decrement/id#frag", .publicAPI(.decrement(storeID: "id"))),
        (.post, "/api/v1/watch/id", .publicAPI(.watch(storeID: "id"))),
        (.post, "/api/v1/create-by-name/a%20b%2Fc", .publicAPI(.createByName(name: "a b/c"))),
        (.get, "/status", .status), (.head, "/status", .status),
        (.post, "/status", .methodNotAllowed(allow: "GET, HEAD")),
        (.get, "/metrics", .metrics), (.post, "/internal/promote", .promote),
        (.post, "/internal/release-lock/id", .releaseLock(storeID: "id")),
        (.post, "/internal/heartbeat", .peer(.heartbeat)), (.post, "/internal/replicate", .peer(.replicate)),
        (.post, "/internal/replicate-registry", .peer(.replicateRegistry)),
        (.post, "/internal/replicate-batch", .peer(.replicateBatch)),
        (.post, "/internal/replicate-binary", .peer(.replicateBinary)),
        (.post, "/internal/join-snapshot", .peer(.joinSnapshot)),
        (.get, "/internal/registry/lookup?customer_id=a&name=b", .peer(.registryLookup)),
        (.post, "/internal/registry/lookup", .methodNotAllowed(allow: "GET")),
        (.post, "/internal/registry/reserve", .peer(.registryReserve)),
        (.get, "/api/v1/create", .methodNotAllowed(allow: "POST")),
        (.get, "/api/v1/snapshot/id", .methodNotAllowed(allow: "POST")),
        (.post, "/api/v1/snapshot/", .notFound), (.post, "/api/v1/snapshot", .notFound),
        (.post, "/api/v2/create", .notFound), (.post, "/", .notFound), (.post, "", .notFound),
        (.post, "/api/v1/snapshot/a/b", .notFound), (.post, "/api/v1/snapshot/%zz", .notFound),
        (.post, "/api/v1/snapshot/%ff", .notFound), (.other, "/api/v1/create", .methodNotAllowed(allow: "POST")),
    ])
    func resolves(method: RequestMethod, target: String, expected: Route) {
        #expect(Route.resolve(method: method, target: target) == expected)
    }
}
