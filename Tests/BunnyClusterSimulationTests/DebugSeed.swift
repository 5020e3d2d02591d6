import Testing

/// Set to a failing property seed to print that run's whole narrative (every message, write
/// and role change) with `swift test --filter debugOneSeed`. Nil in commits.
let debugSeed: UInt64? = nil

/// Narrows the printed narrative (e.g. to one store ID).
func debugFilter(_ line: String) -> Bool { true }

@Test(.enabled(if: debugSeed != nil)) func debugOneSeed() {
    let report = chaosRun(
        seed: debugSeed!,
        inspect: { cluster in
            for entry in cluster.log where debugFilter(entry.description) { print(entry) }
        }, verbose: true)
    print(report.summary)
    print(report.problems)
}
