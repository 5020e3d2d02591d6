import LabCore

/// Messages of one class on one link direction, counted per bin of the time axis and split
/// by what became of them.
struct MessageRateSeries {
    var link: String
    var messageClass: MessageClass
    /// Sent on and answered (including duplicate copies, reorder releases and replays).
    var delivered: [Int]
    /// Swallowed or cut by a fault: `drop`, `blackhole`, `reset`.
    var lost: [Int]
    /// Sent on, but the upstream exchange failed (connection refused or closed: the receiver
    /// is down) — no answer came.
    var failed: [Int]
    /// Messages by journal fate over the whole run, for the row's tooltip.
    var fateCounts: [JournalFate: Int] = [:]

    /// The classes the report charts: liveness and replication.
    static let chartedClasses: [MessageClass] = [.heartbeat, .replicate]

    var total: Int { delivered.reduce(0, +) + lost.reduce(0, +) + failed.reduce(0, +) }

    /// The largest count of one bin, all fates together.
    var peak: Int { (0..<delivered.count).map { delivered[$0] + lost[$0] + failed[$0] }.max() ?? 0 }

    /// One series per link direction and charted class, links in name order; a link whose
    /// charted classes never appear gets no series.
    static func series(journal: [ProxyJournalEntry], axis: ReportTimeAxis) -> [MessageRateSeries] {
        let links = Set(journal.map(\.link)).sorted()
        var byKey: [String: MessageRateSeries] = [:]
        func key(_ link: String, _ messageClass: MessageClass) -> String { link + " " + messageClass.rawValue }
        for link in links {
            for messageClass in chartedClasses {
                byKey[key(link, messageClass)] = MessageRateSeries(
                    link: link, messageClass: messageClass, delivered: Array(repeating: 0, count: axis.binCount),
                    lost: Array(repeating: 0, count: axis.binCount), failed: Array(repeating: 0, count: axis.binCount))
            }
        }
        for entry in journal {
            guard chartedClasses.contains(entry.messageClass), let bin = axis.bin(of: entry.timeNanoseconds) else {
                continue
            }
            let name = key(entry.link, entry.messageClass)
            byKey[name]?.fateCounts[entry.fate, default: 0] += 1
            switch entry.fate {
            case .drop, .blackhole, .reset:
                byKey[name]?.lost[bin] += 1
            case .holdForReorder:
                continue  // counted when it is released
            case .deliver, .duplicate, .keepForReplay, .duplicateCopy, .reorderRelease, .replayed:
                if entry.status == nil && entry.error != nil {
                    byKey[name]?.failed[bin] += 1
                } else {
                    byKey[name]?.delivered[bin] += 1
                }
            }
        }
        return links.flatMap { link in
            chartedClasses.compactMap { byKey[key(link, $0)] }.filter { $0.total > 0 }
        }
    }
}
