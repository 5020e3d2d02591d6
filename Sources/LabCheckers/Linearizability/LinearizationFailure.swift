/// Where the search for a linearization of a segment got furthest before it had to give up:
/// the cheap, local evidence of a violation.
struct LinearizationFailure: Sendable, Hashable {
    /// How many operations were linearized (or left out) at that point, of the segment's total.
    var linearizedCount: Int
    /// Index (in the segment) of the required operation whose return the search reached without
    /// being able to place it.
    var stuckOperation: Int
    /// The register's state then (a value number or a ``RegisterState`` constant).
    var state: Int32
    /// Index of the write that set that state, if the state came from a write in this segment.
    var stateWriter: Int?
    /// Indices of the operations still unplaced whose call came before the stuck return: the
    /// window of candidates the search tried there (the stuck operation included).
    var window: [Int]
}
