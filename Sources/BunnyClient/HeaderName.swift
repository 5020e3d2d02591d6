/// Header names of the public API (`api.md` §2). The daemon may send either spelling
/// (`BigBunny-…` or `Bigbunny-…`); lookups are case-insensitive.
public enum HeaderName {
    public static let customerID = "X-Customer-ID"
    public static let notValidAfter = "BigBunny-Not-Valid-After"
    public static let lockID = "BigBunny-Lock-ID"
    public static let reuseIfExists = "BigBunny-Reuse-If-Exists"
    public static let errorCode = "BigBunny-Error-Code"
    public static let warning = "BigBunny-Warning"
    public static let lockState = "BigBunny-Lock-State"
    public static let retryAfter = "Retry-After"
    public static let noForward = "X-BB-No-Forward"
    public static let contentType = "Content-Type"
    public static let knownVersion = "BigBunny-Known-Version"
    public static let watchTimeout = "BigBunny-Watch-Timeout"
    public static let version = "BigBunny-Version"
}
