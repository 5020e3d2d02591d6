import LabCore

/// Everything a checker may read about one run, parsed from its folder. Pure data: the files
/// are read by the caller (``RunRecording/parse(files:)``), so checkers run on fixtures too.
///
/// Every time is lab-clock nanoseconds (monotonic, from the run's start), so client events,
/// status samples, proxy journal lines and faults line up.
public struct RunRecording: Sendable {
    public var nodes: [RecordedNode]
    /// Sorted by `id` (invocation order).
    public var history: [HistoryOperation]
    /// Sorted by time.
    public var status: [StatusObservation]
    /// Sorted by time.
    public var faults: [FaultObservation]
    /// Sorted by time (arrival at the proxy), then sequence.
    public var journal: [ProxyJournalEntry]
    /// Sorted by time: the daemons' processes and the lab's own census (`resources.jsonl`).
    public var resources: [ResourceObservation]

    public init(
        nodes: [RecordedNode], history: [HistoryOperation], status: [StatusObservation] = [],
        faults: [FaultObservation] = [], journal: [ProxyJournalEntry] = [], resources: [ResourceObservation] = []
    ) {
        self.nodes = nodes
        self.history = history.sorted { $0.id < $1.id }
        self.status = status.sorted { $0.timeNanoseconds < $1.timeNanoseconds }
        self.faults = faults.sorted { $0.timeNanoseconds < $1.timeNanoseconds }
        self.journal = journal.sorted {
            ($0.timeNanoseconds, $0.sequence) < ($1.timeNanoseconds, $1.sequence)
        }
        self.resources = resources.enumerated().sorted {
            ($0.element.timeNanoseconds, $0.offset) < ($1.element.timeNanoseconds, $1.offset)
        }.map(\.element)
    }

    /// The pair a node belongs to (nodes `node{2k-1}`, `node{2k}` form pair k).
    public func pair(of node: String) -> Int? { nodes.first { $0.name == node }?.pair }

    public func nodes(inPair pair: Int) -> [String] { nodes.filter { $0.pair == pair }.map(\.name) }

    public var pairs: [Int] { Array(Set(nodes.map(\.pair))).sorted() }
}
