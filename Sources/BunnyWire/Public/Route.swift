import BunnyCore

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
    public static func resolve(method: RequestMethod, target: String) -> Route {
        var path = Substring(target)
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }

        switch path {
        case "/status":
            return method == .get || method == .head ? .status : .methodNotAllowed(allow: "GET, HEAD")
        case "/metrics":
            return method == .get || method == .head ? .metrics : .methodNotAllowed(allow: "GET, HEAD")
        case "/internal/promote": return post(method, .promote)
        case "/internal/heartbeat": return post(method, .peer(.heartbeat))
        case "/internal/replicate": return post(method, .peer(.replicate))
        case "/internal/replicate-registry": return post(method, .peer(.replicateRegistry))
        case "/internal/join-snapshot": return post(method, .peer(.joinSnapshot))
        case "/internal/registry/reserve": return post(method, .peer(.registryReserve))
        case "/internal/registry/commit": return post(method, .peer(.registryCommit))
        case "/internal/registry/abort": return post(method, .peer(.registryAbort))
        case "/internal/registry/delete": return post(method, .peer(.registryDelete))
        case "/internal/registry/lookup":
            return method == .get ? .peer(.registryLookup) : .methodNotAllowed(allow: "GET")
        case "/api/v1/create": return post(method, .publicAPI(.create))
        default: break
        }

        guard let (prefix, rawParameter) = splitLastSegment(path),
            let parameter = PercentDecoding.decode(rawParameter), !parameter.isEmpty
        else { return .notFound }
        let route: Route
        switch prefix {
        case "/api/v1/create-by-name": route = .publicAPI(.createByName(name: parameter))
        case "/api/v1/delete": route = .publicAPI(.delete(storeID: parameter))
        case "/api/v1/delete-by-name": route = .publicAPI(.deleteByName(name: parameter))
        case "/api/v1/lookup-id-by-name": route = .publicAPI(.lookupIDByName(name: parameter))
        case "/api/v1/snapshot": route = .publicAPI(.snapshot(storeID: parameter))
        case "/api/v1/begin-modify": route = .publicAPI(.beginModify(storeID: parameter))
        case "/api/v1/complete-modify": route = .publicAPI(.completeModify(storeID: parameter))
        case "/api/v1/cancel-modify": route = .publicAPI(.cancelModify(storeID: parameter))
        case "/api/v1/update": route = .publicAPI(.update(storeID: parameter))
        case "/api/v1/increment": route = .publicAPI(.increment(storeID: parameter))
        case "/api/v1/decrement": route = .publicAPI(.decrement(storeID: parameter))
        case "/internal/release-lock": route = .releaseLock(storeID: parameter)
        default: return .notFound
        }
        return post(method, route)
    }

    private static func post(_ method: RequestMethod, _ route: Route) -> Route {
        method == .post ? route : .methodNotAllowed(allow: "POST")
    }

    /// `"/a/b/c"` → (`"/a/b"`, `"c"`); nil when the last segment is empty.
    private static func splitLastSegment(_ path: Substring) -> (Substring, Substring)? {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return nil }
        let segment = path[path.index(after: slash)...]
        guard !segment.isEmpty else { return nil }
        return (path[..<slash], segment)
    }
}
