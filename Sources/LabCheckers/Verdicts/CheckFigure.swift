/// A number a checker measured, e.g. `lost.async-window` = 3 or `failover.1.promotion-s` = 4.07.
/// Scenario expectations compare against these by name.
public struct CheckFigure: Sendable, Hashable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}
