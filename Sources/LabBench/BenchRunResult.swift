/// One timed run: one operation against one target in one round.
public struct BenchRunResult: Sendable, Equatable {
    /// 0 for the target under test (`--bbd` or `--socket`), 1 for `--vs`.
    public var targetIndex: Int
    /// The daemon binary or socket.
    public var target: String
    /// 1-based.
    public var round: Int
    public var mode: BenchMode
    public var connections: Int
    public var window: Duration
    /// The operation itself (for `mix`, all of it).
    public var figures: BenchOperationFigures
    /// `mix` only: each operation of the mix on its own.
    public var components: [BenchOperationFigures]
    public var sendLag: BenchLatencySummary?
    public var unsentOperations: Int
    public var unansweredAtEnd: Int

    public init(
        targetIndex: Int, target: String, round: Int, operation: BenchOperation, mode: BenchMode, connections: Int,
        measurement: BenchMeasurement
    ) {
        self.targetIndex = targetIndex
        self.target = target
        self.round = round
        self.mode = mode
        self.connections = connections
        self.window = measurement.window.duration
        let window = measurement.window.duration
        figures = BenchOperationFigures(
            operation: operation, statistics: measurement.statistics(of: operation), window: window)
        components =
            operation == .mix
            ? BenchOperation.simple.map {
                BenchOperationFigures(operation: $0, statistics: measurement.statistics(of: $0), window: window)
            } : []
        sendLag = mode == .closedLoop ? nil : measurement.sendLag.summary
        unsentOperations = measurement.unsentOperations
        unansweredAtEnd = measurement.unansweredAtEnd
    }

    public var operation: BenchOperation { figures.operation }
}
