/// A successful write with no body: delete, delete-by-name, complete-modify, update, set.
public struct WriteAcknowledgement: Sendable, Equatable {
    /// `BigBunny-Warning` (for example `DegradedWrite`), if any.
    public var warning: String?

    public init(warning: String? = nil) {
        self.warning = warning
    }
}
