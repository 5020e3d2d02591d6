/// A node of the recorded topology (`lab.json`).
public struct RecordedNode: Sendable, Hashable {
    public var name: String
    public var pair: Int

    public init(name: String, pair: Int) {
        self.name = name
        self.pair = pair
    }
}
