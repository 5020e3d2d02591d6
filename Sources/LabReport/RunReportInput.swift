import LabCheckers

/// Everything one run's report shows: the parsed run folder, the checkers' results and what
/// the caller knows about the run (its folder name, a scenario title, its parameters).
public struct RunReportInput: Sendable {
    /// The run folder's name, shown as the page title when there is no scenario title.
    public var folderName: String
    public var title: String?
    public var description: String?
    /// Shown in the given order.
    public var parameters: [ReportParameter]
    public var recording: RunRecording
    /// In any order; the page puts violations first.
    public var results: [CheckResult]
    /// Remarks about the report itself (e.g. "no verdicts.json: the run was not checked").
    public var notes: [String]
    public var timeOrigin: ReportTimeOrigin
    /// At most this many operations are drawn; beyond it acknowledged operations are thinned
    /// evenly, while every failed or unknown one and every one named by evidence is kept.
    public var operationPointLimit: Int

    public init(
        folderName: String, title: String? = nil, description: String? = nil, parameters: [ReportParameter] = [],
        recording: RunRecording, results: [CheckResult] = [], notes: [String] = [],
        timeOrigin: ReportTimeOrigin = .runStart, operationPointLimit: Int = 20_000
    ) {
        self.folderName = folderName
        self.title = title
        self.description = description
        self.parameters = parameters
        self.recording = recording
        self.results = results
        self.notes = notes
        self.timeOrigin = timeOrigin
        self.operationPointLimit = operationPointLimit
    }
}
