/// A public API request as the wire layer hands it to the core: the route, and the raw values
/// of the headers the contract reads. Validation of those values is the core's job, so the
/// order of checks (`api.md` §5) lives in one place.
public struct PublicRequest: Sendable {
    /// A request body: complete, or known to exceed the 2048-byte limit.
    public enum Body: Sendable, Equatable {
        case complete([UInt8])
        case tooLarge
    }

    public var endpoint: PublicEndpoint
    /// The first `X-Customer-ID` value, if the header was present.
    public var customerID: String?
    public var body: Body
    /// Raw `BigBunny-Not-Valid-After`.
    public var notValidAfter: String?
    /// Raw `BigBunny-Lock-ID`.
    public var lockID: String?
    /// Raw `BigBunny-Reuse-If-Exists`.
    public var reuseIfExists: String?
    /// Raw `Content-Type`.
    public var contentType: String?
    /// `X-BB-No-Forward: true`: a non-primary must refuse instead of forwarding.
    public var noForward: Bool
    /// Raw `BigBunny-Known-Version` (watch): the version the client already holds.
    public var knownVersion: String?
    /// Raw `BigBunny-Watch-Timeout` (watch): seconds to wait for a newer version.
    public var watchTimeout: String?

    public init(
        endpoint: PublicEndpoint, customerID: String?, body: Body = .complete([]), notValidAfter: String? = nil,
        lockID: String? = nil, reuseIfExists: String? = nil, contentType: String? = nil, noForward: Bool = false,
        knownVersion: String? = nil, watchTimeout: String? = nil
    ) {
        self.endpoint = endpoint
        self.customerID = customerID
        self.body = body
        self.notValidAfter = notValidAfter
        self.lockID = lockID
        self.reuseIfExists = reuseIfExists
        self.contentType = contentType
        self.noForward = noForward
        self.knownVersion = knownVersion
        self.watchTimeout = watchTimeout
    }

    public static let maximumBodyBytes = 2048
}
