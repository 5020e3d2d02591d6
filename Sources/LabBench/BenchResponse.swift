/// What the bench keeps of one answer: the status, the error code of a failure, the lock ID of
/// a begin-modify, and whether the daemon closes the connection after it.
public struct BenchResponse: Sendable, Equatable {
    public var status: Int
    /// `BigBunny-Error-Code`, when the answer has one.
    public var errorCode: String?
    /// `BigBunny-Lock-ID`, when the answer has one.
    public var lockID: [UInt8]?
    /// `Connection: close`.
    public var closesConnection: Bool

    public init(status: Int, errorCode: String? = nil, lockID: [UInt8]? = nil, closesConnection: Bool = false) {
        self.status = status
        self.errorCode = errorCode
        self.lockID = lockID
        self.closesConnection = closesConnection
    }

    public var isSuccess: Bool { (200...299).contains(status) }

    /// The key failures are counted under: `409 StoreLocked`, or the bare status.
    public var errorKey: String { errorCode.map { "\(status) \($0)" } ?? String(status) }
}
