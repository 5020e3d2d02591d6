/// What one load connection does during one run: which operation, on which prepared stores,
/// at which pace, until when.
public struct BenchConnectionPlan: Sendable, Equatable {
    public var operation: BenchOperation
    /// Indices into the prepared blob stores this connection uses, in turn.
    public var blobStores: [Int]
    /// Indices into the prepared counter stores this connection uses, in turn.
    public var counterStores: [Int]
    /// Where this connection starts in ``BenchMix/cycle``.
    public var mixOffset: Int
    /// Open loop only: nanoseconds between two of this connection's operations.
    public var intervalNanoseconds: Double?
    /// When the connection's first operation is due (open loop) or may start (closed loop).
    public var firstDueNanoseconds: Int64
    /// The measured window; no operation starts (closed) or is due (open) at or after its end.
    public var window: BenchWindow

    public init(
        operation: BenchOperation, blobStores: [Int], counterStores: [Int], mixOffset: Int,
        intervalNanoseconds: Double?, firstDueNanoseconds: Int64, window: BenchWindow
    ) {
        self.operation = operation
        self.blobStores = blobStores
        self.counterStores = counterStores
        self.mixOffset = mixOffset
        self.intervalNanoseconds = intervalNanoseconds
        self.firstDueNanoseconds = firstDueNanoseconds
        self.window = window
    }

    /// The plans of all connections of one run starting at `startNanoseconds` (the warm-up
    /// starts then; the window after it).
    ///
    /// Stores are partitioned so that no two connections share one whenever there are at least
    /// as many stores as connections (connection `c` takes stores `c`, `c + connections`, …);
    /// with fewer stores, connections share them on purpose (`--stores 1` is a hot-key run).
    /// Open loop spreads the total rate evenly: each connection runs at `rate / connections`,
    /// the connections' schedules offset from one another by `1 / rate`.
    public static func plans(
        operation: BenchOperation, connections: Int, blobStoreCount: Int, counterStoreCount: Int, mode: BenchMode,
        startNanoseconds: Int64, warmup: Duration, duration: Duration
    ) -> [BenchConnectionPlan] {
        precondition(connections > 0, "no connections")
        let windowStart = startNanoseconds + warmup.nanosecondsValue
        let window = BenchWindow(
            startNanoseconds: windowStart, endNanoseconds: windowStart + duration.nanosecondsValue,
            countsByDueTime: mode != .closedLoop)
        var interval: Double?
        if case .openLoop(let rate) = mode { interval = Double(connections) * 1e9 / rate }
        return (0..<connections).map { connection in
            BenchConnectionPlan(
                operation: operation,
                blobStores: share(of: connection, connections: connections, stores: blobStoreCount),
                counterStores: share(of: connection, connections: connections, stores: counterStoreCount),
                mixOffset: connection % BenchMix.cycle.count, intervalNanoseconds: interval,
                firstDueNanoseconds: startNanoseconds
                    + Int64(((interval ?? 0) * Double(connection) / Double(connections)).rounded()),
                window: window)
        }
    }

    /// The same plan with every instant moved by `offset` nanoseconds (plans are made relative
    /// to 0 and shifted once every connection is open, so that all start together).
    public func shifted(by offset: Int64) -> BenchConnectionPlan {
        var plan = self
        plan.firstDueNanoseconds += offset
        plan.window = BenchWindow(
            startNanoseconds: window.startNanoseconds + offset, endNanoseconds: window.endNanoseconds + offset,
            countsByDueTime: window.countsByDueTime)
        return plan
    }

    static func share(of connection: Int, connections: Int, stores: Int) -> [Int] {
        guard stores > 0 else { return [] }
        guard stores >= connections else { return [connection % stores] }
        return Array(stride(from: connection, to: stores, by: connections))
    }
}
