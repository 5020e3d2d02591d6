/// The part of one register's history between two promotions of its pair: the unit the search
/// decides. Within a segment the register must behave as one linearizable register; across a
/// promotion asynchronous replication may have lost writes, so each later segment starts from
/// "some value written before" (``RegisterState/anyEarlierValue``).
struct RegisterSegment: Sendable {
    var key: String
    /// 0 for the first segment of the key, then one more after each promotion.
    var index: Int
    /// The epoch of the leadership term the segment falls in, when the status timeline knows it.
    var epoch: UInt64?
    /// Where the segment begins (the end of the previous promotion's bracket); `nil` for the first.
    var startNanoseconds: Int64?
    /// Where it ends (the start of the next promotion's bracket); `nil` for the last.
    var endNanoseconds: Int64?
    /// Sorted by `invokeNanoseconds`, then `id`.
    var operations: [RegisterOperation]
    /// ``RegisterState/absent`` for the first segment, ``RegisterState/anyEarlierValue`` after.
    var initialState: Int32
    /// With ``RegisterState/anyEarlierValue``: values below this were written (invoked) before the
    /// segment began, so the register may hold one of them at its start.
    var earlierValueLimit: Int32

    var requiredCount: Int { operations.reduce(0) { $0 + ($1.isRequired ? 1 : 0) } }
}
