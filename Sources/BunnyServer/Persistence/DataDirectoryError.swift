/// Why the data directory cannot be used; each message names the file and what to do.
public enum DataDirectoryError: Error, CustomStringConvertible, Equatable {
    case cannotCreate(path: String, reason: String)
    case inUse(path: String)
    case unreadable(path: String, reason: String)
    case damagedSnapshot(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason):
            "--data-dir \(path): cannot create or open it: \(reason)"
        case .inUse(let path):
            "--data-dir \(path) is in use by another bbd process (its LOCK file is locked); give each node its own directory"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .damagedSnapshot(let path, let reason):
            "snapshot \(path) is damaged (\(reason)) and no older snapshot with its log is left to fall back on; "
                + "move the data directory aside to start empty (the peer's copy is then the only one)"
        case .writeFailed(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
