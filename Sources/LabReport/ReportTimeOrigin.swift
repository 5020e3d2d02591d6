/// Where the report's time axis counts seconds from.
public enum ReportTimeOrigin: Sendable, Hashable {
    /// The lab clock's zero: the run's start. Times match the raw files and checker texts.
    case runStart
    /// The invocation of the first operation in the history (the run start when there is none).
    case firstOperation
}
