import LabCheckers

/// One run in the index page.
public struct RunIndexEntry: Sendable, Hashable {
    /// The run folder's name; the link goes to `folderName/report.html`.
    public var folderName: String
    public var title: String?
    /// The worst verdict of the run (`nil`: not checked).
    public var worstVerdict: CheckVerdict?
    /// E.g. `1 violation, 3 ok`.
    public var verdictSummary: String
    /// When the run was made, already formatted by the caller.
    public var time: String

    public init(
        folderName: String, title: String? = nil, worstVerdict: CheckVerdict? = nil, verdictSummary: String = "",
        time: String = ""
    ) {
        self.folderName = folderName
        self.title = title
        self.worstVerdict = worstVerdict
        self.verdictSummary = verdictSummary
        self.time = time
    }

    /// `2 violation, 1 unknown, 4 ok` (worst first), or `not checked` for no results.
    public static func summary(of results: [CheckResult]) -> String {
        guard !results.isEmpty else { return "not checked" }
        return [CheckVerdict.violation, .unknown, .ok].compactMap { verdict in
            let count = results.filter { $0.verdict == verdict }.count
            return count == 0 ? nil : "\(count) \(verdict.rawValue)"
        }.joined(separator: ", ")
    }
}
