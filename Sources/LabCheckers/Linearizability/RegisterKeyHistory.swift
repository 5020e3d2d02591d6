/// Everything the checker kept about one register (`key`): its interned values, its writes (for
/// explaining a failed read) and its segments.
struct RegisterKeyHistory: Sendable {
    var key: String
    /// The value strings, by interned number. Values written come first, numbered in the order
    /// their first write was invoked (so "written before time T" is "number below a limit");
    /// values only ever read follow.
    var values: [String]
    /// Every write that may have happened (`ok` or `unknown`), sorted by invocation.
    var writes: [RegisterOperation]
    var segments: [RegisterSegment]
    /// Operations placed in a segment as their own (required ones, and `unknown` writes in the
    /// segment where they were invoked).
    var operationCount: Int
    /// Acknowledged operations whose interval straddles a promotion bracket (and `unknown`
    /// writes invoked inside one): no segment requires them.
    var skippedCount: Int
}
