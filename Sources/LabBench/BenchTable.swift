/// The human tables of `bblab bench` (stdout).
public enum BenchTable {
    static let latencyHeaders = ["p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs"]

    /// One row per run (each round on its own line, so the spread is visible).
    public static func runs(_ results: [BenchRunResult]) -> String {
        var rows = [["operation", "target", "round", "conns", "ops/s"] + latencyHeaders + ["errors"]]
        for result in results {
            rows.append(runRow(result.figures, result: result))
            for component in result.components where component.successes + component.failures > 0 {
                rows.append(runRow(component, result: result, prefix: "  "))
            }
        }
        return BenchNumberFormat.table(rows)
    }

    private static func runRow(_ figures: BenchOperationFigures, result: BenchRunResult, prefix: String = "")
        -> [String]
    {
        [
            prefix + figures.operation.rawValue, targetName(result.targetIndex), String(result.round),
            String(result.connections), BenchNumberFormat.grouped(figures.operationsPerSecond),
        ] + figures.latency.columns.map { BenchNumberFormat.decimal($0.microseconds, 1) } + [figures.failureText]
    }

    /// Medians over rounds, one row per operation and target.
    public static func summary(_ rows: [BenchSummaryRow]) -> String {
        var table = [
            ["operation", "target", "rounds", "median ops/s"] + latencyHeaders.map { "median " + $0 } + ["errors"]
        ]
        for row in rows {
            var failures = BenchOperationFigures(
                operation: row.operation, successes: row.successes, failuresByKey: row.failuresByKey, requests: 0,
                operationsPerSecond: 0, latency: .empty
            ).failureText
            if failures != "-" { failures += " (all rounds)" }
            table.append(
                [
                    row.operation.rawValue, targetName(row.targetIndex), String(row.rounds),
                    BenchNumberFormat.grouped(row.medianOperationsPerSecond),
                ] + row.medianLatency.columns.map { BenchNumberFormat.decimal($0.microseconds, 1) } + [failures])
        }
        return BenchNumberFormat.table(table)
    }

    /// `--vs`: B against A, per operation.
    public static func comparison(_ rows: [BenchComparisonRow]) -> String {
        var table = [
            ["operation", "A ops/s", "B ops/s", "B/A", "A p50 µs", "B p50 µs", "B/A", "A p99 µs", "B p99 µs", "B/A"]
        ]
        for row in rows {
            table.append([
                row.operation.rawValue, BenchNumberFormat.grouped(row.baseline.medianOperationsPerSecond),
                BenchNumberFormat.grouped(row.candidate.medianOperationsPerSecond),
                BenchNumberFormat.ratio(row.operationsPerSecondRatio),
                BenchNumberFormat.decimal(row.baseline.medianLatency.p50, 1),
                BenchNumberFormat.decimal(row.candidate.medianLatency.p50, 1), BenchNumberFormat.ratio(row.p50Ratio),
                BenchNumberFormat.decimal(row.baseline.medianLatency.p99, 1),
                BenchNumberFormat.decimal(row.candidate.medianLatency.p99, 1), BenchNumberFormat.ratio(row.p99Ratio),
            ])
        }
        return BenchNumberFormat.table(table)
    }

    /// `A`, `B`.
    public static func targetName(_ index: Int) -> String { index == 0 ? "A" : "B" }
}
