/// The raw contents of a run folder's files, as read by the caller. Missing files are empty.
public struct RunFiles: Sendable {
    public static let metadataName = "lab.json"
    public static let historyName = "history.jsonl"
    public static let statusName = "status.jsonl"
    public static let faultsName = "faults.jsonl"
    public static let journalName = "journal.jsonl"
    public static let resourcesName = "resources.jsonl"

    public var metadata: [UInt8]
    public var history: [UInt8]
    public var status: [UInt8]
    public var faults: [UInt8]
    public var journal: [UInt8]
    public var resources: [UInt8]

    public init(
        metadata: [UInt8], history: [UInt8], status: [UInt8] = [], faults: [UInt8] = [], journal: [UInt8] = [],
        resources: [UInt8] = []
    ) {
        self.metadata = metadata
        self.history = history
        self.status = status
        self.faults = faults
        self.journal = journal
        self.resources = resources
    }
}
