import BunnyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a request goes, decided from its method and path alone.
public enum Route: Sendable, Equatable {
    case publicAPI(PublicEndpoint)
    case status
    case metrics
    case promote
    case releaseLock(storeID: String)
    case peer(InternalEndpoint)
    /// A known path with the wrong method; `allow` is the `Allow` header value.
    case methodNotAllowed(allow: String)
    case notFound

    /// Routes `method` + `target` (`api.md` §1): exact paths; `{storeID}` and `{name}` are
    /// exactly one non-empty, percent-decoded segment; the query string is ignored.
    ///
    /// Works on the target's UTF-8 bytes: this runs for every request, and character-based
    /// string scanning and comparison cost a fifth of the daemon's CPU before.
    public static func resolve(method: RequestMethod, target: String) -> Route {
        var target = target
        return target.withUTF8 { resolve(method: method, bytes: $0) }
    }

    private static func resolve(method: RequestMethod, bytes: UnsafeBufferPointer<UInt8>) -> Route {
        var end = 0
        while end < bytes.count, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") { end += 1 }
        let path = UnsafeBufferPointer(rebasing: bytes[0..<end])

        for (exactPath, route) in exactRoutes where equals(path, exactPath) {
            switch route {
            case .status, .metrics:
                return method == .get || method == .head ? route : .methodNotAllowed(allow: "GET, HEAD")
            case .peer(.registryLookup):
                return method == .get ? route : .methodNotAllowed(allow: "GET")
            default:
                return post(method, route)
            }
        }

        guard let slash = path.lastIndex(of: UInt8(ascii: "/")), slash > 0, slash < path.count - 1 else {
            return .notFound
        }
        let prefix = UnsafeBufferPointer(rebasing: path[0..<slash])
        let segment = UnsafeBufferPointer(rebasing: path[(slash + 1)...])
        guard let kind = parameterRoutes.first(where: { equals(prefix, $0.prefix) })?.kind,
            let parameter = PercentDecoding.decode(bytes: segment), !parameter.isEmpty
        else { return .notFound }
        let route: Route
        switch kind {
        case .createByName: route = .publicAPI(.createByName(name: parameter))
        case .delete: route = .publicAPI(.delete(storeID: parameter))
        case .deleteByName: route = .publicAPI(.deleteByName(name: parameter))
        case .lookupIDByName: route = .publicAPI(.lookupIDByName(name: parameter))
        case .snapshot: route = .publicAPI(.snapshot(storeID: parameter))
        case .beginModify: route = .publicAPI(.beginModify(storeID: parameter))
        case .completeModify: route = .publicAPI(.completeModify(storeID: parameter))
        case .cancelModify: route = .publicAPI(.cancelModify(storeID: parameter))
        case .update: route = .publicAPI(.update(storeID: parameter))
        case .increment: route = .publicAPI(.increment(storeID: parameter))
        case .decrement: route = .publicAPI(.decrement(storeID: parameter))
        case .watch: route = .publicAPI(.watch(storeID: parameter))
        case .releaseLock: route = .releaseLock(storeID: parameter)
        }
        return post(method, route)
    }

    private static func post(_ method: RequestMethod, _ route: Route) -> Route {
        method == .post ? route : .methodNotAllowed(allow: "POST")
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0
    }

    private static let exactRoutes: [(StaticString, Route)] = [
        ("/api/v1/create", .publicAPI(.create)), ("/status", .status), ("/metrics", .metrics),
        ("/internal/heartbeat", .peer(.heartbeat)), ("/internal/replicate", .peer(.replicate)),
        ("/internal/replicate-registry", .peer(.replicateRegistry)), ("/internal/replicate-batch", .peer(.replicateBatch)),
        ("/internal/replicate-binary", .peer(.replicateBinary)),
        ("/internal/join-snapshot", .peer(.joinSnapshot)),
        ("/internal/promote", .promote), ("/internal/registry/reserve", .peer(.registryReserve)),
        ("/internal/registry/commit", .peer(.registryCommit)), ("/internal/registry/abort", .peer(.registryAbort)),
        ("/internal/registry/delete", .peer(.registryDelete)), ("/internal/registry/lookup", .peer(.registryLookup)),
    ]

    private enum ParameterRoute {
        case createByName, delete, deleteByName, lookupIDByName, snapshot, beginModify, completeModify, cancelModify
        case update, increment, decrement, watch, releaseLock
    }

    /// Most frequent first.
    private static let parameterRoutes: [(prefix: StaticString, kind: ParameterRoute)] = [
        ("/api/v1/snapshot", .snapshot), ("/api/v1/update", .update), ("/api/v1/increment", .increment),
        ("/api/v1/begin-modify", .beginModify), ("/api/v1/complete-modify", .completeModify),
        ("/api/v1/decrement", .decrement), ("/api/v1/delete", .delete), ("/api/v1/cancel-modify", .cancelModify),
        ("/api/v1/create-by-name", .createByName), ("/api/v1/lookup-id-by-name", .lookupIDByName),
        ("/api/v1/delete-by-name", .deleteByName), ("/api/v1/watch", .watch), ("/internal/release-lock", .releaseLock),
    ]
}
