/// A node's role (`cluster.md` §3). `unknown` exists only for the instant before start-up
/// picks a role.
public enum ReplicaRole: String, Sendable {
    case unknown = "UNKNOWN"
    case primary = "PRIMARY"
    case secondary = "SECONDARY"
    case joining = "JOINING"
}
