/// Why the lab could not do what it was asked; every message says what to change.
public enum LabError: Error, CustomStringConvertible {
    case ports(String)
    case folder(String)
    case daemonNotReady(String)
    case fault(String)
    case notRunning(String)

    public var description: String {
        switch self {
        case .ports(let detail): return "cannot allocate loopback ports: \(detail)"
        case .folder(let detail): return detail
        case .daemonNotReady(let detail): return detail
        case .fault(let detail): return detail
        case .notRunning(let detail): return detail
        }
    }
}
