/// What `bblab bench` loads.
public enum BenchTarget: Sendable, Equatable {
    /// Daemons the bench starts itself (a fresh one, or a fresh pair, per round), with
    /// `--dev --rate-limit=0`. With a second binary (`--vs`), both are run in alternation.
    case spawned(daemonPath: String, comparedWith: String?, pair: Bool)
    /// An already running daemon's Unix socket (it should run with `--rate-limit=0`).
    case socket(path: String)

    /// The binaries or socket the results are labelled with: `A` first, `B` when compared.
    public var labels: [String] {
        switch self {
        case .spawned(let daemon, let other, _): [daemon] + (other.map { [$0] } ?? [])
        case .socket(let path): [path]
        }
    }
}
