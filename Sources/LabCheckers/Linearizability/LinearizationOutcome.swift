/// What the search concluded about one segment.
enum LinearizationOutcome: Sendable, Hashable {
    case linearizable
    case violation(LinearizationFailure)
    /// The segment's time budget ran out first.
    case outOfBudget
}
