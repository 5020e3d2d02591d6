/// A request for the load generator to send: one of the pre-rendered ones, or a
/// complete-modify with the lock ID just received spliced in.
public enum BenchRequest: Sendable, Equatable {
    /// `store` indexes the counter stores for increments, the blob stores otherwise (ignored
    /// for create).
    case prerendered(BenchRequestKind, store: Int)
    case completeModify(store: Int, lockID: [UInt8])
}

/// What the load generator does next on a connection.
public enum BenchStep: Sendable, Equatable {
    case send(BenchRequest)
    /// Open loop: nothing is due before this monotonic instant (nanoseconds).
    case waitUntil(Int64)
    /// The connection's part of the run is over: close it.
    case finished
}
