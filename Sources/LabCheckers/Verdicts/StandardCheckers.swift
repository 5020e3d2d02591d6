/// The checkers every run gets, in report order.
public enum StandardCheckers {
    public static let all: [any RunChecker] = [
        LostUpdatesChecker(),
        FailoverTimingChecker(),
        EpochFencingChecker(),
        LockExclusionChecker(),
        LinearizabilityChecker(),
        NoResurrectionChecker(),
        TimeToLiveChecker(),
        NamedStoreChecker(),
        AuctionChecker(),
        ResourceChecker(),
    ]
}
