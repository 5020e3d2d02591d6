import LabCore

/// Synthetic `register` histories for tests and benchmarks: seeded, and linearizable by
/// construction.
///
/// Each key has `clientsPerKey` clients issuing one operation at a time, with random durations
/// and pauses, so intervals overlap at random. Every operation that takes effect gets a random
/// instant inside its interval (an `unknown` write that takes effect may land after its recorded
/// completion, as a real timed-out write can); replaying those instants in order on a simulated
/// register gives each read its value. `fail` operations never take effect.
///
/// With `failovers`, the pair fails over at random instants (node1 leads at epoch 1, then the
/// nodes alternate, one epoch more each time) and at each one the register falls back to a
/// random value among those already written, as asynchronous replication may lose the latest
/// writes; the recording then carries a status timeline sampled every
/// `statusIntervalNanoseconds`. Such a history is linearizable within each epoch.
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
        /// Promotions during the run (0: none, no status timeline).
        public var failovers: Int
        public var statusIntervalNanoseconds: Int64

        public init(
            keys: Int, clientsPerKey: Int, operations: Int, seed: UInt64, writeFraction: Double = 0.5,
            unknownFraction: Double = 0, failFraction: Double = 0, shortestOperationNanoseconds: Int64 = 100_000,
            longestOperationNanoseconds: Int64 = 5_000_000, longestPauseNanoseconds: Int64 = 2_000_000,
            failovers: Int = 0, statusIntervalNanoseconds: Int64 = 50_000_000
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
            self.failovers = failovers
            self.statusIntervalNanoseconds = statusIntervalNanoseconds
        }
    }

    /// The two nodes (one pair) the generated operations are addressed to.
    public static let nodes = [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)]

    public var configuration: Configuration

    public init(_ configuration: Configuration) { self.configuration = configuration }

    /// A recording of the generated history on one pair, with its status timeline if it fails over.
    public func recording() -> RunRecording {
        let generated = generate()
        return RunRecording(nodes: Self.nodes, history: generated.history, status: generated.status)
    }

    /// The operations, `id`s in invocation order; each key starts with its `create`.
    public func history() -> [HistoryOperation] { generate().history }

    private func generate() -> (history: [HistoryOperation], status: [StatusObservation]) {
        var random = LinkRandomGenerator(seed: configuration.seed)
        var keys: [(operations: [HistoryOperation], effects: [Int64?])] = []
        let keyCount = max(configuration.keys, 1)
        for keyIndex in 0..<keyCount {
            let count = configuration.operations / keyCount + (keyIndex < configuration.operations % keyCount ? 1 : 0)
            keys.append(keyHistory(keyIndex: keyIndex, operationCount: count, random: &random))
        }
        let span = keys.flatMap { $0.operations.map(\.completeNanoseconds) }.max() ?? 0
        let promotions = (0..<max(configuration.failovers, 0)).map { _ in
            Int64.random(in: (span / 10)...max(span / 10, span * 9 / 10), using: &random)
        }.sorted()
        var operations: [HistoryOperation] = []
        for key in keys {
            operations += replay(key.operations, effects: key.effects, promotions: promotions, random: &random)
        }
        operations.sort { ($0.invokeNanoseconds, $0.key, $0.client) < ($1.invokeNanoseconds, $1.key, $1.client) }
        for index in operations.indices { operations[index].id = index + 1 }
        return (operations, promotions.isEmpty ? [] : status(promotions: promotions, until: span))
    }

    /// node1 leads at epoch 1; promotion k makes the other node PRIMARY at epoch k + 1.
    private func status(promotions: [Int64], until span: Int64) -> [StatusObservation] {
        var status: [StatusObservation] = []
        let interval = max(configuration.statusIntervalNanoseconds, 1)
        var time: Int64 = 0
        while time <= span + interval {
            let promotionsSoFar = promotions.reduce(0) { $0 + ($1 < time ? 1 : 0) }
            let leader = promotionsSoFar % 2 == 0 ? "node1" : "node2"
            for node in Self.nodes {
                status.append(
                    StatusObservation(
                        timeNanoseconds: time, node: node.name, role: node.name == leader ? "PRIMARY" : "SECONDARY",
                        epoch: UInt64(promotionsSoFar + 1)))
            }
            time += interval
        }
        return status
    }

    private func keyHistory(keyIndex: Int, operationCount: Int, random: inout LinkRandomGenerator)
        -> (operations: [HistoryOperation], effects: [Int64?])
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
        return (operations, effectInstants)
    }

    /// Replays the effects in order on a register to fill in what each read saw; at each promotion
    /// the register falls back to a random value written so far.
    private func replay(
        _ operations: [HistoryOperation], effects: [Int64?], promotions: [Int64], random: inout LinkRandomGenerator
    ) -> [HistoryOperation] {
        var operations = operations
        let order = operations.indices.filter { effects[$0] != nil }.sorted {
            (effects[$0]!, $0) < (effects[$1]!, $1)
        }
        var register: String?
        var written: [String] = []
        var pendingPromotions = promotions[...]
        for index in order {
            while let promotion = pendingPromotions.first, promotion < effects[index]! {
                pendingPromotions.removeFirst()
                if !written.isEmpty { register = written[Int.random(in: 0..<written.count, using: &random)] }
            }
            if operations[index].kind == .snapshot {
                if operations[index].outcome == .ok { operations[index].read = register }
            } else {
                register = operations[index].data
                written.append(operations[index].data!)
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
