import LabCore

/// Synthetic `register` histories for tests and benchmarks: seeded, and linearizable by
/// construction.
///
/// Each key has `clientsPerKey` clients issuing one operation at a time, with random durations
/// and pauses, so intervals overlap at random. Every operation that takes effect gets a random
/// instant inside its interval (an `unknown` write that takes effect may land after its recorded
/// completion, as a real timed-out write can); replaying those instants in order on a simulated
/// register gives each read its value. `fail` operations never take effect.
public struct RegisterHistoryGenerator: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var keys: Int
        public var clientsPerKey: Int
        /// Total `update` and `snapshot` operations, shared evenly among keys (creates not counted).
        public var operations: Int
        public var seed: UInt64
        /// Fraction of operations that are writes.
        public var writeFraction: Double
        /// Fraction of operations whose outcome is `unknown`; half of those writes take effect.
        public var unknownFraction: Double
        /// Fraction of operations that `fail` (no effect).
        public var failFraction: Double
        public var shortestOperationNanoseconds: Int64
        public var longestOperationNanoseconds: Int64
        /// Longest pause between a client's operations.
        public var longestPauseNanoseconds: Int64

        public init(
            keys: Int, clientsPerKey: Int, operations: Int, seed: UInt64, writeFraction: Double = 0.5,
            unknownFraction: Double = 0, failFraction: Double = 0, shortestOperationNanoseconds: Int64 = 100_000,
            longestOperationNanoseconds: Int64 = 5_000_000, longestPauseNanoseconds: Int64 = 2_000_000
        ) {
            self.keys = keys
            self.clientsPerKey = clientsPerKey
            self.operations = operations
            self.seed = seed
            self.writeFraction = writeFraction
            self.unknownFraction = unknownFraction
            self.failFraction = failFraction
            self.shortestOperationNanoseconds = shortestOperationNanoseconds
            self.longestOperationNanoseconds = longestOperationNanoseconds
            self.longestPauseNanoseconds = longestPauseNanoseconds
        }
    }

    /// The two nodes (one pair) the generated operations are addressed to.
    public static let nodes = [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)]

    public var configuration: Configuration

    public init(_ configuration: Configuration) { self.configuration = configuration }

    /// A recording of the generated history on one pair without failover.
    public func recording() -> RunRecording { RunRecording(nodes: Self.nodes, history: history()) }

    /// The operations, `id`s in invocation order; each key starts with its `create`.
    public func history() -> [HistoryOperation] {
        var random = LinkRandomGenerator(seed: configuration.seed)
        var operations: [HistoryOperation] = []
        let keyCount = max(configuration.keys, 1)
        for keyIndex in 0..<keyCount {
            let count = configuration.operations / keyCount + (keyIndex < configuration.operations % keyCount ? 1 : 0)
            operations += keyHistory(keyIndex: keyIndex, operationCount: count, random: &random)
        }
        operations.sort { ($0.invokeNanoseconds, $0.key, $0.client) < ($1.invokeNanoseconds, $1.key, $1.client) }
        for index in operations.indices { operations[index].id = index + 1 }
        return operations
    }

    private func keyHistory(keyIndex: Int, operationCount: Int, random: inout LinkRandomGenerator)
        -> [HistoryOperation]
    {
        let key = "register-\(keyIndex)"
        let clientCount = max(configuration.clientsPerKey, 1)
        let firstClient = keyIndex * clientCount
        let createComplete: Int64 = 1_000_000
        var operations = [
            HistoryOperation(
                id: 0, client: firstClient, workload: "register", kind: .create, key: key, node: "node1",
                invokeNanoseconds: 0, completeNanoseconds: createComplete, outcome: .ok, data: "\(key)-initial")
        ]
        /// Instant each operation takes effect, by position in `operations` (`nil`: never).
        var effectInstants: [Int64?] = [500_000]
        var clientTimes = (0..<clientCount).map { _ in createComplete + Int64.random(in: 0...1_000_000, using: &random)
        }
        var writeNumber = 0
        for number in 0..<operationCount {
            let clientIndex = number % clientCount
            let invoke = clientTimes[clientIndex]
            let duration = Int64.random(
                in: configuration.shortestOperationNanoseconds...configuration.longestOperationNanoseconds,
                using: &random)
            let complete = invoke + duration
            clientTimes[clientIndex] =
                complete + Int64.random(in: 0...configuration.longestPauseNanoseconds, using: &random)
            let isWrite = random.chance(configuration.writeFraction)
            let draw = random.nextUnitInterval()
            let outcome: OperationOutcome =
                draw < configuration.failFraction
                ? .fail : draw < configuration.failFraction + configuration.unknownFraction ? .unknown : .ok
            var effect: Int64? = Int64.random(in: invoke...complete, using: &random)
            if outcome == .fail { effect = nil }
            if outcome == .unknown && isWrite {
                effect = random.chance(0.5) ? Int64.random(in: invoke...(complete + 4 * duration), using: &random) : nil
            }
            var operation = HistoryOperation(
                id: 0, client: firstClient + clientIndex, workload: "register", kind: isWrite ? .update : .snapshot,
                key: key, node: random.chance(0.5) ? "node1" : "node2", invokeNanoseconds: invoke,
                completeNanoseconds: complete, outcome: outcome)
            if isWrite {
                writeNumber += 1
                operation.data = "\(key)-w\(writeNumber)"
            }
            operations.append(operation)
            effectInstants.append(effect)
        }
        // Replay the effects in order on a register to fill in what each read saw.
        let order = operations.indices.filter { effectInstants[$0] != nil }.sorted {
            (effectInstants[$0]!, $0) < (effectInstants[$1]!, $1)
        }
        var register: String?
        for index in order {
            if operations[index].kind == .snapshot {
                if operations[index].outcome == .ok { operations[index].read = register }
            } else {
                register = operations[index].data
            }
        }
        return operations
    }

    /// Makes one acknowledged read return a stale value: one overwritten by an acknowledged write
    /// that completed before the read began, itself written by an acknowledged write that completed
    /// before that one began. Answers the changed history and the read's `id`, or `nil` when no read
    /// has such a pair of writes before it.
    public static func injectingStaleRead(into history: [HistoryOperation], seed: UInt64)
        -> (history: [HistoryOperation], readID: Int)?
    {
        var random = LinkRandomGenerator(seed: seed)
        var writesByKey: [String: [HistoryOperation]] = [:]
        for operation in history
        where operation.outcome == .ok && (operation.kind == .create || operation.kind == .update) {
            writesByKey[operation.key, default: []].append(operation)
        }
        var candidates = history.indices.filter { history[$0].kind == .snapshot && history[$0].outcome == .ok }
        candidates.shuffle(using: &random)
        for index in candidates {
            let read = history[index]
            let writes = writesByKey[read.key] ?? []
            guard
                let overwriter = writes.filter({ $0.completeNanoseconds < read.invokeNanoseconds })
                    .max(by: { $0.completeNanoseconds < $1.completeNanoseconds }),
                let stale = writes.filter({ $0.completeNanoseconds < overwriter.invokeNanoseconds })
                    .max(by: { $0.completeNanoseconds < $1.completeNanoseconds })
            else { continue }
            var changed = history
            changed[index].read = stale.data
            return (changed, read.id)
        }
        return nil
    }
}
