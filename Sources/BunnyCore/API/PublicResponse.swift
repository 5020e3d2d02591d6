/// A successful public API answer. Errors are `APIError`s; the wire layer renders both.
public struct PublicResponse: Equatable, Sendable {
    public enum ContentType: Sendable, Equatable {
        case none
        case textPlain
        case octetStream
        case json
    }

    public var contentType: ContentType
    public var body: [UInt8]
    public var lockID: String?
    /// `BigBunny-Not-Valid-After`: remaining lifetime in whole seconds.
    public var notValidAfterSeconds: Int64?
    /// `BigBunny-Warning: DegradedWrite`.
    public var degradedWrite: Bool
    /// `BigBunny-Version` (watch answers): the store's version.
    public var version: UInt64?

    public init(
        contentType: ContentType = .none, body: [UInt8] = [], lockID: String? = nil,
        notValidAfterSeconds: Int64? = nil, degradedWrite: Bool = false
    ) {
        self.contentType = contentType
        self.body = body
        self.lockID = lockID
        self.notValidAfterSeconds = notValidAfterSeconds
        self.degradedWrite = degradedWrite
    }

    public static let empty = PublicResponse()
}

/// What the core decides for a public request.
public enum PublicOutcome: Equatable, Sendable {
    case success(PublicResponse)
    case failure(APIError)
    /// Not primary: the shell forwards the request to the leader at this address.
    case forward(leaderAddress: String)
    /// A watch whose store has not passed the client's version yet: the shell parks it until
    /// the store changes or the wait ends.
    case wait(WatchWait)
}
