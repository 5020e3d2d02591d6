/// A parked watch (`Replica.watch`): what the shell needs to keep it and to answer its timeout.
public struct WatchWait: Equatable, Sendable {
    public var storeID: String
    /// The version the client holds; the watch answers once the store's version is greater.
    public var knownVersion: UInt64
    /// The store's version now (the timeout answer carries it).
    public var currentVersion: UInt64
    public var timeout: Duration

    public init(storeID: String, knownVersion: UInt64, currentVersion: UInt64, timeout: Duration) {
        self.storeID = storeID
        self.knownVersion = knownVersion
        self.currentVersion = currentVersion
        self.timeout = timeout
    }
}
