import Testing

// Tools for chasing a property failure; both are off in commits.

/// Set to a failing property seed to print that run's whole narrative (every message, write
/// and role change) with `swift test --filter debugOneSeed`.
let debugSeed: UInt64? = nil
/// Whether that seed comes from the convergence run (operator promotes among the faults) or
/// from the durability run.
let debugOperatorPromotes = true

/// Narrows the printed narrative (e.g. to one store ID).
func debugFilter(_ line: String) -> Bool { true }

@Test(.enabled(if: debugSeed != nil)) func debugOneSeed() {
    let report = chaosRun(
        seed: debugSeed!,
        inspect: { cluster in
            for entry in cluster.log where debugFilter(entry.description) { print(entry) }
        }, verbose: true, operatorPromotes: debugOperatorPromotes)
    print(report.summary)
    print(report.problems)
}

/// Set to run many more seeds of both properties (`swift test --filter soak`); even seeds
/// are durability runs, odd ones convergence runs. 1 600 seeds take about 90 s of CPU.
let soakSeeds: Range<UInt64>? = nil

@Test(.enabled(if: soakSeeds != nil), arguments: 0..<8)
func soak(shard: Int) {
    var operatorRuns: [UInt64] = []
    for seed in stride(from: soakSeeds!.lowerBound + UInt64(shard), to: soakSeeds!.upperBound, by: 8) {
        let durability = seed % 2 == 0
        let report = chaosRun(seed: seed, operatorPromotes: !durability)
        if report.operatorNeeded { operatorRuns.append(seed) }
        #expect(
            report.problems == [],
            "\(durability ? "durability" : "convergence") \(report.summary)\n\(report.narrative)")
    }
    print("shard \(shard): an operator promote was needed for seeds \(operatorRuns)")
}
