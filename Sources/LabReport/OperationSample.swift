import LabCheckers

/// The operations the report draws: all of them when there are few, otherwise every failed or
/// unknown one, every one evidence names, and an even thinning of the acknowledged rest.
struct OperationSample {
    var operations: [HistoryOperation]
    /// Acknowledged operations left out.
    var omittedCount: Int

    init(history: [HistoryOperation], mustKeep: Set<Int>, limit: Int) {
        guard history.count > limit else {
            self.operations = history
            self.omittedCount = 0
            return
        }
        let isKept = { (operation: HistoryOperation) in
            operation.outcome != .ok || mustKeep.contains(operation.id)
        }
        let keptCount = history.reduce(0) { $0 + (isKept($1) ? 1 : 0) }
        let optionalCount = history.count - keptCount
        let budget = max(0, limit - keptCount)
        var operations: [HistoryOperation] = []
        operations.reserveCapacity(keptCount + budget)
        // Take the acknowledged ones at evenly spaced ranks: rank r is kept when it crosses
        // a multiple of optionalCount / budget.
        var optionalRank = 0
        for operation in history {
            if isKept(operation) {
                operations.append(operation)
                continue
            }
            if budget > 0, (optionalRank * budget) / optionalCount != ((optionalRank + 1) * budget) / optionalCount {
                operations.append(operation)
            }
            optionalRank += 1
        }
        self.operations = operations
        self.omittedCount = history.count - operations.count
    }
}
