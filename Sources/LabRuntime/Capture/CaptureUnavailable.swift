/// Why no packet capture runs. The lab prints `description` and goes on without a capture.
public struct CaptureUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Cause: Sendable, Equatable {
        /// Not root and no CAP_NET_RAW.
        case permissionDenied
        /// No such interface.
        case noSuchInterface
        /// Nothing to capture.
        case noPorts
        /// Any other libpcap or file error.
        case failed
    }

    public var cause: Cause
    /// libpcap's own words, if any.
    public var detail: String

    public var description: String {
        switch cause {
        case .permissionDenied:
            "packet capture unavailable: capturing on the loopback interface needs root or CAP_NET_RAW "
                + "(e.g. sudo setcap cap_net_raw+ep on the bblab binary); going on without a capture (\(detail))"
        case .noSuchInterface:
            "packet capture unavailable: no such interface (\(detail)); going on without a capture"
        case .noPorts:
            "packet capture unavailable: no ports to capture; going on without a capture"
        case .failed:
            "packet capture unavailable: \(detail); going on without a capture"
        }
    }
}
