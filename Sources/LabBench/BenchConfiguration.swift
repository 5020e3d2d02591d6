/// A validated `bblab bench` run: every bound checked, so the run always ends by itself.
public struct BenchConfiguration: Sendable, Equatable {
    public var target: BenchTarget
    public var operations: [BenchOperation]
    public var connections: Int
    public var mode: BenchMode
    /// The measured window of each operation, after its warm-up.
    public var duration: Duration
    /// Load before the measured window, excluded from every figure.
    public var warmup: Duration
    /// Stores prepared before the timed phase (per kind: blobs and, when needed, counters).
    public var stores: Int
    /// Body of creates, updates, complete-modifies and the prepared blobs.
    public var bodyBytes: Int
    /// Runs per target and operation; with `--vs` the targets alternate within each round.
    public var rounds: Int
    /// Event-loop threads of the load generator (`nio` transport).
    public var threads: Int
    /// `threads` or `nio` (`auto` is resolved here).
    public var transport: BenchTransport
    /// How long after the window ends answers still in flight are waited for; then the
    /// connections are closed and those requests counted as unanswered.
    public var drainTimeout: Duration
    public var customer: String

    public static let maximumConnections = 4096
    /// The `threads` transport runs a thread per connection.
    public static let maximumBlockingConnections = 256
    public static let maximumDuration: Duration = .seconds(3600)
    /// The daemon's public body limit.
    public static let maximumBodyBytes = 2048

    /// Checks every flag; the first problem is thrown with a message naming the flag.
    public init(_ arguments: BenchArguments) throws(BenchConfigurationError) {
        if let socket = arguments.socketPath {
            guard arguments.daemonPath == nil, arguments.comparedDaemonPath == nil, !arguments.pair else {
                throw BenchConfigurationError("--socket loads a running daemon: it excludes --bbd, --vs and --pair")
            }
            guard !socket.isEmpty, socket.utf8.count <= 107 else {
                throw BenchConfigurationError("--socket must be a path of 1-107 bytes (a Unix socket path)")
            }
            target = .socket(path: socket)
        } else {
            guard let daemon = arguments.daemonPath, !daemon.isEmpty else {
                throw BenchConfigurationError("--bbd needs a path to a daemon binary")
            }
            if let other = arguments.comparedDaemonPath, other.isEmpty {
                throw BenchConfigurationError("--vs needs a path to a daemon binary")
            }
            target = .spawned(daemonPath: daemon, comparedWith: arguments.comparedDaemonPath, pair: arguments.pair)
        }
        operations = try Self.parseOperations(arguments.operations)
        guard (1...Self.maximumConnections).contains(arguments.connections) else {
            throw BenchConfigurationError("--connections must be 1-\(Self.maximumConnections)")
        }
        connections = arguments.connections
        guard arguments.rate.isFinite, arguments.rate >= 0, arguments.rate <= 10_000_000 else {
            throw BenchConfigurationError("--rate must be 0 (closed loop) or a total of at most 10000000 operations/s")
        }
        mode = arguments.rate > 0 ? .openLoop(operationsPerSecond: arguments.rate) : .closedLoop
        duration = try Self.parseDuration(arguments.duration, flag: "--duration", allowsZero: false)
        warmup = try Self.parseDuration(arguments.warmup, flag: "--warmup", allowsZero: true)
        drainTimeout = try Self.parseDuration(arguments.drainTimeout, flag: "--drain-timeout", allowsZero: false)
        guard drainTimeout <= .seconds(60) else { throw BenchConfigurationError("--drain-timeout must be at most 60s") }
        guard (1...1_000_000).contains(arguments.stores) else {
            throw BenchConfigurationError("--stores must be 1-1000000")
        }
        stores = arguments.stores
        guard (0...Self.maximumBodyBytes).contains(arguments.bodyBytes) else {
            throw BenchConfigurationError("--body must be 0-\(Self.maximumBodyBytes) bytes (the daemon's body limit)")
        }
        bodyBytes = arguments.bodyBytes
        let defaultRounds = arguments.comparedDaemonPath == nil ? 1 : 3
        rounds = arguments.rounds ?? defaultRounds
        guard (1...100).contains(rounds) else { throw BenchConfigurationError("--rounds must be 1-100") }
        guard (1...64).contains(arguments.threads) else { throw BenchConfigurationError("--threads must be 1-64") }
        threads = arguments.threads
        guard let requested = BenchTransport(rawValue: arguments.transport) else {
            throw BenchConfigurationError("--transport must be auto, threads or nio")
        }
        let transport = requested.resolved(connections: connections)
        guard transport == .nio || connections <= Self.maximumBlockingConnections else {
            throw BenchConfigurationError(
                "--transport threads runs a thread per connection: at most \(Self.maximumBlockingConnections)")
        }
        self.transport = transport
        let customerBytes = Array(arguments.customer.utf8)
        guard !customerBytes.isEmpty, customerBytes.count <= 256,
            customerBytes.allSatisfy({ (33...126).contains($0) })
        else {
            throw BenchConfigurationError("--customer must be 1-256 visible ASCII characters")
        }
        customer = arguments.customer
    }

    /// Total wall time of the timed phases (warm-up and window of every operation, every
    /// round, every target), without daemon start-up and store preparation.
    public var timedPhase: Duration {
        (warmup + duration) * (operations.count * rounds * target.labels.count)
    }

    static func parseOperations(_ text: String) throws(BenchConfigurationError) -> [BenchOperation] {
        var operations: [BenchOperation] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: " ")
            guard let operation = BenchOperation(rawValue: String(trimmed)) else {
                let known = BenchOperation.allCases.map(\.rawValue).joined(separator: ", ")
                throw BenchConfigurationError("--operations: unknown operation '\(trimmed)' (known: \(known))")
            }
            guard !operations.contains(operation) else {
                throw BenchConfigurationError("--operations: '\(trimmed)' is listed twice")
            }
            operations.append(operation)
        }
        return operations
    }

    static func parseDuration(
        _ text: String, flag: String, allowsZero: Bool
    ) throws(BenchConfigurationError) -> Duration {
        guard let duration = BenchDurationSyntax.parse(text), allowsZero || duration > .zero,
            duration <= maximumDuration
        else {
            let lower = allowsZero ? "0" : "more than 0"
            throw BenchConfigurationError(
                "\(flag) must be a duration of \(lower) up to 1h, such as 10s, 500ms or 2m (got '\(text)')")
        }
        return duration
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> Substring {
        var text = self
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return text
    }
}
