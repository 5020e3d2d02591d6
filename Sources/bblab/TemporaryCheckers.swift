import LabCheckers

// Replaced by LabCheckers' own list and report once the checkers land.
enum StandardCheckers {
    static let all: [any RunChecker] = []
}

struct CheckReport {
    var results: [CheckResult]
    var text: String {
        results.map { "\($0.checker)  \($0.verdict.rawValue)  \($0.summary)" }.joined(separator: "\n")
    }
}
