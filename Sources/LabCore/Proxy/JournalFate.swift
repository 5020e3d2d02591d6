/// The fate of a message as written in the journal and counted per link. The first seven are
/// decisions of ``LinkPolicy`` about a message from the sender; the last three are the extra
/// deliveries those decisions cause later.
public enum JournalFate: String, Codable, Sendable, CaseIterable, Hashable {
    case deliver
    case drop
    case duplicate
    case holdForReorder = "hold-for-reorder"
    case keepForReplay = "keep-for-replay"
    case reset
    case blackhole
    /// The second copy of a duplicated message (its answer is discarded).
    case duplicateCopy = "duplicate-copy"
    /// A message held for reorder, now sent on (after the next one of its class, or on heal).
    case reorderRelease = "reorder-release"
    /// A kept copy re-delivered by a replay (its answer is discarded).
    case replayed
}
