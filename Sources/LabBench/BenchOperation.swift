/// What one benchmark run measures. Every operation but `mix` is one kind of request (two for
/// `modify`: one cycle is begin-modify then complete-modify); `mix` interleaves the others in
/// the fixed ratio of ``BenchMix``.
public enum BenchOperation: String, CaseIterable, Sendable, Hashable, Comparable {
    case snapshot, update, create, increment, modify, mix

    /// The operations a `mix` run is made of (each is also reported on its own inside the mix).
    public static let simple: [BenchOperation] = [.snapshot, .update, .create, .increment, .modify]

    /// Whether the run needs blob stores prepared before the timed phase.
    public var needsBlobStores: Bool {
        switch self {
        case .snapshot, .update, .modify, .mix: true
        case .create, .increment: false
        }
    }

    /// Whether the run needs counter stores prepared before the timed phase.
    public var needsCounterStores: Bool { self == .increment || self == .mix }

    /// HTTP requests per successful operation (a modify cycle is two).
    public var requestsPerOperation: Int { self == .modify ? 2 : 1 }

    /// Order in tables and JSON: the order of `allCases`.
    public static func < (left: BenchOperation, right: BenchOperation) -> Bool {
        allCases.firstIndex(of: left)! < allCases.firstIndex(of: right)!
    }
}
