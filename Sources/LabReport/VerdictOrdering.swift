import LabCheckers

/// The order results appear on the page: violations, then unknowns, then the rest; within a
/// verdict, the checkers' own order.
enum VerdictOrdering {
    static func sorted(_ results: [CheckResult]) -> [CheckResult] {
        results.enumerated().sorted { left, right in
            if left.element.verdict != right.element.verdict { return left.element.verdict > right.element.verdict }
            return left.offset < right.offset
        }.map(\.element)
    }
}
