import LabCheckers

/// One evidence item with its number on the page (`E3`), so the list and the timeline can
/// point at each other.
struct NumberedEvidence {
    var number: Int
    var checker: String
    var evidence: CheckEvidence

    var label: String { "E\(number)" }
    var anchor: String { "evidence-\(number)" }

    /// Every evidence item of the results in page order (the results already sorted for the
    /// page), numbered from 1.
    static func numbering(_ results: [CheckResult]) -> [NumberedEvidence] {
        var items: [NumberedEvidence] = []
        for result in results {
            for evidence in result.evidence {
                items.append(NumberedEvidence(number: items.count + 1, checker: result.checker, evidence: evidence))
            }
        }
        return items
    }
}
