/// The register's state during the search: an interned value, or one of two special states.
///
/// Kept as a plain `Int32` so a memo entry is a bitset and one integer.
enum RegisterState {
    /// No value yet: before the store's `create` took effect.
    static let absent: Int32 = -2
    /// The start of a segment after a promotion: the register holds some value written before
    /// the promotion (asynchronous replication may have lost any later ones), not known which.
    /// A read resolves it to the value it saw, if that value was written early enough.
    static let anyEarlierValue: Int32 = -1
}
