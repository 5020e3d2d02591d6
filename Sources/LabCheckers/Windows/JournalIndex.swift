import LabCore

/// The proxy journal grouped by link (`node1->node2`), each link's entries in arrival order, so
/// checkers find "the last heartbeat before t on this link" by binary search instead of a scan.
public struct JournalIndex: Sendable {
    public private(set) var entriesByLink: [String: [ProxyJournalEntry]]

    public init(journal: [ProxyJournalEntry]) {
        var entriesByLink: [String: [ProxyJournalEntry]] = [:]
        for entry in journal { entriesByLink[entry.link, default: []].append(entry) }
        self.entriesByLink = entriesByLink
    }

    public func entries(onLink link: String) -> [ProxyJournalEntry] { entriesByLink[link] ?? [] }

    /// Whether the journal has anything at all for this link (if not, the run had no journal
    /// and checkers fall back to fault times).
    public func hasEntries(onLink link: String) -> Bool { !(entriesByLink[link]?.isEmpty ?? true) }

    /// The entries of the link that arrived before `time`, as a prefix count.
    public func countBefore(_ time: Int64, onLink link: String) -> Int {
        let entries = entries(onLink: link)
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].timeNanoseconds < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The last entry of the link arriving before `time` that matches, searching backwards.
    public func last(
        onLink link: String, before time: Int64, where matches: (ProxyJournalEntry) -> Bool
    ) -> ProxyJournalEntry? {
        let entries = entries(onLink: link)
        var index = countBefore(time, onLink: link) - 1
        while index >= 0 {
            if matches(entries[index]) { return entries[index] }
            index -= 1
        }
        return nil
    }
}

extension ProxyJournalEntry {
    /// The receiver got the message and answered `200`: it was applied (replication) or it
    /// refreshed the lease (heartbeat). A message held for reorder is journaled again when it is
    /// released; dropped, blackholed and reset messages never arrive.
    public var wasAcceptedByReceiver: Bool {
        guard status == 200 else { return false }
        switch fate {
        case .drop, .blackhole, .reset, .holdForReorder: return false
        default: return true
        }
    }

    /// When the receiver had surely processed it: arrival, plus the proxy's delay, plus the
    /// upstream round trip (the answer came after processing).
    public var processedByNanoseconds: Int64 {
        timeNanoseconds + (delayMicroseconds ?? 0) * 1_000 + (roundTripMicroseconds ?? 0) * 1_000
    }

    /// The earliest instant the receiver could have processed it: arrival plus the delay.
    public var deliveredFromNanoseconds: Int64 { timeNanoseconds + (delayMicroseconds ?? 0) * 1_000 }
}
