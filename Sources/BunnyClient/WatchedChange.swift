/// What a watch answered when the store moved past the version the client held.
public struct WatchedChange: Sendable, Equatable {
    public var snapshot: StoreSnapshot
    /// The store's version now: the `knownVersion` of the next watch.
    public var version: UInt64

    public init(snapshot: StoreSnapshot, version: UInt64) {
        self.snapshot = snapshot
        self.version = version
    }
}
