/// A successful create or create-by-name.
public struct CreatedStore: Sendable, Equatable {
    public var storeID: String
    /// `BigBunny-Warning` (for example `DegradedWrite`), if any.
    public var warning: String?

    public init(storeID: String, warning: String? = nil) {
        self.storeID = storeID
        self.warning = warning
    }
}
