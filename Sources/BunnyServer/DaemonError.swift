/// Why the daemon could not start; each message says what to fix.
public enum DaemonError: Error, CustomStringConvertible {
    case unixSocketPathTooLong(path: String)
    case cannotListenOnUnixSocket(path: String, reason: String)

    public var description: String {
        switch self {
        case .unixSocketPathTooLong(let path):
            return "--uds \(path): a Unix socket path may have at most 107 bytes (this one has \(path.utf8.count))"
        case .cannotListenOnUnixSocket(let path, let reason):
            return "cannot listen on Unix socket \(path): \(reason)"
        }
    }
}
