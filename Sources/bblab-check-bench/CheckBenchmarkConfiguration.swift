/// The benchmark's flags.
struct CheckBenchmarkConfiguration {
    static let usage =
        "usage: bblab-check-bench [--operations 100000] [--keys 1000] [--clients 8] [--seed 1] [--budget-seconds 10]"
        + " [--stale-reads 0] [--unknown-percent 0] [--fail-percent 0]"

    struct ArgumentError: Error, CustomStringConvertible {
        var description: String
    }

    var operations = 100_000
    var keys = 1_000
    var clients = 8
    var seed: UInt64 = 1
    var budgetSeconds = 10
    /// How many stale reads to inject (each in a copy of the history, one after another).
    var staleReads = 0
    /// Share of operations with an `unknown` (timed out) or `fail` outcome, in percent.
    var unknownPercent = 0
    var failPercent = 0

    init(arguments: [String]) throws(ArgumentError) {
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let text = remaining.popFirst(), let number = Int(text), number >= 0 else {
                throw ArgumentError(description: "\(flag) needs a non-negative number")
            }
            switch flag {
            case "--operations": operations = number
            case "--keys": keys = max(number, 1)
            case "--clients": clients = max(number, 1)
            case "--seed": seed = UInt64(number)
            case "--budget-seconds": budgetSeconds = number
            case "--stale-reads": staleReads = number
            case "--unknown-percent": unknownPercent = min(number, 100)
            case "--fail-percent": failPercent = min(number, 100)
            default: throw ArgumentError(description: "unknown flag \(flag)")
            }
        }
    }
}
