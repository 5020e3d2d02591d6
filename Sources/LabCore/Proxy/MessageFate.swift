/// What the proxy does with one message, as decided by ``LinkPolicy``.
public enum MessageFate: Equatable, Sendable {
    /// Send it on after `delay` and relay the answer.
    case deliver(delay: Duration)
    /// Swallow it: never sent on, never answered; the sender times out.
    case drop
    /// Send it on after `delay`, relay the first answer, then send it once more and discard
    /// that second answer.
    case duplicate(delay: Duration)
    /// Answer the sender at once with `200` and `Content-Length: 0`, keep the message, and send
    /// it on right after the next delivered message of the same class.
    case holdForReorder
    /// Like `deliver`, and keep a copy to re-deliver when the proxy is told to replay.
    case deliverAndKeepForReplay(delay: Duration)
    /// Close both connections abruptly.
    case reset
    /// Swallow it, as part of a blackhole partition (answers still in flight are swallowed too).
    case blackhole

    /// The delay before sending on, for the fates that send.
    public var delay: Duration? {
        switch self {
        case .deliver(let delay), .duplicate(let delay), .deliverAndKeepForReplay(let delay): delay
        case .drop, .holdForReorder, .reset, .blackhole: nil
        }
    }

    /// The name of this fate in the journal and the counters.
    public var journalFate: JournalFate {
        switch self {
        case .deliver: .deliver
        case .drop: .drop
        case .duplicate: .duplicate
        case .holdForReorder: .holdForReorder
        case .deliverAndKeepForReplay: .keepForReplay
        case .reset: .reset
        case .blackhole: .blackhole
        }
    }
}
