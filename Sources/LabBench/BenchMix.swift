/// The `mix` operation: a fixed, documented ratio of the simple operations, in a fixed
/// interleaving, so a mix run means the same thing every time.
///
/// Per 20 operations: 12 snapshots (60 %), 4 updates (20 %), 2 increments (10 %), 1 create
/// (5 %), 1 modify cycle (5 %) — a read-heavy session store. Each connection starts at a
/// different place in the cycle, so the connections do not all issue the same kind at once.
public enum BenchMix {
    public static let cycle: [BenchOperation] = [
        .snapshot, .update, .snapshot, .increment, .snapshot, .snapshot, .update, .snapshot, .modify, .snapshot,
        .snapshot, .update, .snapshot, .increment, .snapshot, .snapshot, .update, .snapshot, .create, .snapshot,
    ]

    /// Shares of each operation in the cycle, for documentation and the JSON result.
    public static var shares: [(operation: BenchOperation, percent: Int)] {
        BenchOperation.simple.map { operation in
            (operation, cycle.filter { $0 == operation }.count * 100 / cycle.count)
        }
    }
}
