/// One workload of a run: what it does, how hard, on which keys, against which pair.
///
/// Command-line form: `KIND[:key=value,…]`, e.g. `counter:clients=8,keys=16,rate=2000`.
/// Keys: `clients` (concurrent client tasks), `keys` (objects the clients share), `rate`
/// (operations per second for the whole workload; 0 = as fast as the clients go), `pair`,
/// `ttl` (seconds, for `session`), `target` (`primary`: clients follow the pair's leader;
/// `any`: each request goes to a random node of the pair, so a secondary forwards writes).
/// The `auction` works on one store: `bidders` (another name for `clients`), `watchers`
/// (long-polling viewers, 0–20 000) and `watch_timeout` (seconds a watch may wait, 1–120).
public struct WorkloadSpecification: Sendable, Hashable {
    public enum Target: String, Sendable, Hashable {
        case primary
        case any
    }

    public var kind: WorkloadKind
    public var clients: Int
    public var keys: Int
    /// Operations per second across the workload's clients; 0 means unpaced (closed loop).
    public var rate: Double
    public var pair: Int
    public var timeToLiveSeconds: Int64
    public var target: Target
    /// `auction`: concurrent watchers long-polling the store (each holds one connection).
    public var watchers: Int
    /// `auction`: the `BigBunny-Watch-Timeout` of each watch, in seconds.
    public var watchTimeoutSeconds: Int

    /// The settings only the auction has, and the watchers it gets by default.
    public static let auctionSettings: Set<String> = ["bidders", "watchers", "watch_timeout"]
    public static let defaultAuctionWatchers = 100
    public static let defaultWatchTimeoutSeconds = 5

    public init(
        kind: WorkloadKind, clients: Int = 4, keys: Int? = nil, rate: Double = 200, pair: Int = 1,
        timeToLiveSeconds: Int64 = 3, target: Target = .primary, watchers: Int? = nil,
        watchTimeoutSeconds: Int = WorkloadSpecification.defaultWatchTimeoutSeconds
    ) {
        let isAuction = kind == .auction
        self.kind = kind
        self.clients = clients
        // The auction is one store.
        self.keys = isAuction ? 1 : (keys ?? 8)
        self.rate = rate
        self.pair = pair
        self.timeToLiveSeconds = timeToLiveSeconds
        self.target = target
        self.watchers = isAuction ? (watchers ?? Self.defaultAuctionWatchers) : 0
        self.watchTimeoutSeconds = watchTimeoutSeconds
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses `KIND[:key=value,…]`; every problem is named precisely.
    public static func parse(_ text: String) throws(Problem) -> WorkloadSpecification {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let kindText = String(parts[0])
        guard let kind = WorkloadKind(rawValue: kindText) else {
            let known = WorkloadKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem(message: "unknown workload \"\(kindText)\" (workloads: \(known))")
        }
        var specification = WorkloadSpecification(kind: kind)
        guard parts.count == 2 else { return specification }
        for setting in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            let pair = setting.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty else {
                throw Problem(message: "workload \(kindText): \"\(setting)\" is not key=value")
            }
            let key = String(pair[0])
            let value = String(pair[1])
            if kind == .auction && key == "keys" {
                throw Problem(message: "workload auction: keys is not a setting of auction (it runs on one store)")
            }
            if kind != .auction && Self.auctionSettings.contains(key) {
                throw Problem(message: "workload \(kindText): \(key) is a setting of the auction workload only")
            }
            func integer(in range: ClosedRange<Int>) throws(Problem) -> Int {
                guard let number = Int(value), range.contains(number) else {
                    throw Problem(
                        message:
                            "workload \(kindText): \(key) must be an integer in \(range.lowerBound)...\(range.upperBound) (got \"\(value)\")"
                    )
                }
                return number
            }
            switch key {
            case "clients", "bidders": specification.clients = try integer(in: 1...512)
            case "watchers": specification.watchers = try integer(in: 0...20_000)
            case "watch_timeout": specification.watchTimeoutSeconds = try integer(in: 1...120)
            case "keys": specification.keys = try integer(in: 1...100_000)
            case "pair": specification.pair = try integer(in: 1...16)
            case "ttl" where kind != .auction: specification.timeToLiveSeconds = Int64(try integer(in: 1...86_400))
            case "rate":
                guard let number = Double(value), number.isFinite, number >= 0, number <= 1_000_000 else {
                    throw Problem(
                        message:
                            "workload \(kindText): rate must be operations per second, 0...1000000 (got \"\(value)\")")
                }
                specification.rate = number
            case "target":
                guard let target = Target(rawValue: value) else {
                    throw Problem(message: "workload \(kindText): target must be primary or any (got \"\(value)\")")
                }
                specification.target = target
            default:
                throw Problem(
                    message:
                        "workload \(kindText): unknown setting \"\(key)\" (settings: \(kind == .auction ? "bidders, watchers, watch_timeout, rate, pair, target" : "clients, keys, rate, pair, ttl, target"))"
                )
            }
        }
        return specification
    }

    /// The command-line form, with every setting.
    public var description: String {
        let rateText = rate == rate.rounded() ? String(Int(rate)) : String(rate)
        if kind == .auction {
            return
                "auction:bidders=\(clients),watchers=\(watchers),watch_timeout=\(watchTimeoutSeconds),rate=\(rateText),pair=\(pair),target=\(target.rawValue)"
        }
        return
            "\(kind.rawValue):clients=\(clients),keys=\(keys),rate=\(rateText),pair=\(pair),ttl=\(timeToLiveSeconds),target=\(target.rawValue)"
    }
}
