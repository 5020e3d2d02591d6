/// Message counts of one link direction, for the lab's live table: one count per journal
/// entry, by class and by fate, plus connection events.
public struct LinkCounters: Equatable, Sendable {
    /// Journal entries by class and fate (only non-zero cells are stored).
    public private(set) var cells: [MessageClass: [JournalFate: Int]] = [:]
    public private(set) var totalMessages = 0
    /// Sender connections accepted (including ones refused by a `refuse` partition).
    public var connectionsAccepted = 0
    /// Sender connections closed at once by a `refuse` partition.
    public var connectionsRefused = 0
    /// Exchanges that failed on the upstream side (could not connect, closed, oversized answer).
    public var upstreamErrors = 0

    public init() {}

    public mutating func record(_ messageClass: MessageClass, _ fate: JournalFate) {
        cells[messageClass, default: [:]][fate, default: 0] += 1
        totalMessages += 1
    }

    public func count(_ messageClass: MessageClass, _ fate: JournalFate) -> Int {
        cells[messageClass]?[fate] ?? 0
    }

    public func count(_ messageClass: MessageClass) -> Int {
        cells[messageClass]?.values.reduce(0, +) ?? 0
    }

    public func count(_ fate: JournalFate) -> Int {
        cells.values.reduce(0) { $0 + ($1[fate] ?? 0) }
    }

    /// Messages by class, in ``MessageClass`` declaration order, zero counts included.
    public var messagesByClass: [(messageClass: MessageClass, count: Int)] {
        MessageClass.allCases.map { ($0, count($0)) }
    }

    /// Messages by fate, in ``JournalFate`` declaration order, zero counts included.
    public var messagesByFate: [(fate: JournalFate, count: Int)] {
        JournalFate.allCases.map { ($0, count($0)) }
    }
}
