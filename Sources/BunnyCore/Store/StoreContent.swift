/// What a store holds: opaque bytes, or a counter kept in native form so increments never
/// parse JSON. The wire sees a counter as its canonical JSON (`data_type` 1).
///
/// The counter case is `indirect` so the enum is one pointer wide: every record pays for the
/// common case (a blob) only.
public enum StoreContent: Equatable, Sendable {
    case blob([UInt8])
    indirect case counter(CounterState)

    public var isCounter: Bool {
        if case .counter = self { return true }
        return false
    }

    /// The bytes the reference would hold for this content.
    public var storedBytes: [UInt8] {
        switch self {
        case .blob(let bytes): return bytes
        case .counter(let counter): return counter.canonicalJSON
        }
    }

    /// Length of `storedBytes`, without building them for a counter when avoidable.
    public var storedLength: Int {
        switch self {
        case .blob(let bytes): return bytes.count
        case .counter(let counter): return counter.canonicalLength
        }
    }
}
