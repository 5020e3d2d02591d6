/// The contents of a store as a snapshot returns them.
public struct StoreSnapshot: Sendable, Equatable {
    /// Raw bytes of a blob, or the counter JSON `{"value":V,"version":N,...}`.
    public var body: [UInt8]
    public var contentType: String?
    /// `BigBunny-Not-Valid-After`: whole seconds left, if the daemon sent it.
    public var remainingSeconds: Int64?

    public init(body: [UInt8], contentType: String? = nil, remainingSeconds: Int64? = nil) {
        self.body = body
        self.contentType = contentType
        self.remainingSeconds = remainingSeconds
    }
}
