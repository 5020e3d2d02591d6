/// Which listener a connection came in on; the rules differ (`internal-protocol.md` §2–3).
enum Listener: Sendable {
    /// The Unix socket: public API, operator and internal routes, no token.
    case unixSocket
    /// The peer TCP listener: `/status` open; `/internal/*` and the public API need the token
    /// when one is configured (DECISIONS 22); operator routes are absent.
    case tcp(internalToken: String)
}
