/// A successful begin-modify: the lock to complete or cancel with, and the current contents.
public struct ModifyLock: Sendable, Equatable {
    public var lockID: String
    public var body: [UInt8]
    /// `BigBunny-Not-Valid-After`: whole seconds left, if the daemon sent it.
    public var remainingSeconds: Int64?

    public init(lockID: String, body: [UInt8], remainingSeconds: Int64? = nil) {
        self.lockID = lockID
        self.body = body
        self.remainingSeconds = remainingSeconds
    }
}
