/// A configured host of the pair: its host ID and the `host:port` of its internal listener.
public struct PeerAddress: Equatable, Hashable, Sendable {
    public var hostID: String
    public var address: String

    public init(hostID: String, address: String) {
        self.hostID = hostID
        self.address = address
    }
}
