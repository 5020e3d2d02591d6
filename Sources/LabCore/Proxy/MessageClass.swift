/// The kind of a peer message, told from its method and path (`internal-protocol.md` §3).
///
/// The fault proxy applies faults per class, so that a scenario can, say, drop heartbeats while
/// replication still flows. The raw values are the names used in fault specifications, the
/// journal and the counters.
public enum MessageClass: String, Codable, Sendable, CaseIterable, Hashable {
    /// `POST /internal/heartbeat`: liveness and epoch propagation.
    case heartbeat
    /// `POST /internal/replicate`: store replication (and our batches of it,
    /// `/internal/replicate-batch` and `/internal/replicate-binary`, each counted as one message).
    case replicate
    /// `POST /internal/replicate-registry`: name-registry replication.
    case replicateRegistry = "replicate-registry"
    /// `POST /internal/join-snapshot`: full state transfer to a joining node.
    case joinSnapshot = "join-snapshot"
    /// Any method on `/api/v1` or below: a public request forwarded to the leader.
    case forwarded
    /// `GET /status`: role discovery.
    case status
    /// Everything else, including the registry RPC under `/internal/registry/`.
    case other

    /// Classifies a request from its method and request target; the query string is ignored.
    ///
    /// Matching is exact and case-sensitive, like the daemon's router: the peer messages
    /// count only as `POST` and `/status` only as `GET`; with another method they are `other`
    /// (the daemon answers them with an error, and a scenario should not mistake them for real
    /// peer traffic). A request target in absolute form (`http://host:port/path`) is reduced
    /// to its path first.
    public static func classify(method: String, path target: String) -> MessageClass {
        let path = pathOf(target)
        switch path {
        case "/internal/heartbeat": return method == "POST" ? .heartbeat : .other
        case "/internal/replicate", "/internal/replicate-batch", "/internal/replicate-binary":
            return method == "POST" ? .replicate : .other
        case "/internal/replicate-registry": return method == "POST" ? .replicateRegistry : .other
        case "/internal/join-snapshot": return method == "POST" ? .joinSnapshot : .other
        case "/status": return method == "GET" ? .status : .other
        default:
            if path == "/api/v1" || path.utf8.starts(with: "/api/v1/".utf8) { return .forwarded }
            return .other
        }
    }

    /// The path part of a request target: without query or fragment, and without scheme and
    /// authority when the target is in absolute form.
    static func pathOf(_ target: Substring) -> Substring {
        var path = target
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        if !path.hasPrefix("/"), let schemeEnd = path.firstRange(of: "://") {
            let afterAuthority = path[schemeEnd.upperBound...]
            if let slash = afterAuthority.firstIndex(of: "/") { return afterAuthority[slash...] }
            return "/"
        }
        return path
    }

    static func pathOf(_ target: String) -> Substring { pathOf(target[...]) }
}
