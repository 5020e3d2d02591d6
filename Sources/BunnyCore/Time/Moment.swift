/// "Now", as the shell hands it to the core with every input: both clocks read together.
public struct Moment: Sendable, Hashable, CustomStringConvertible {
    public var wall: WallTime
    public var monotonic: MonotonicTime

    public init(wall: WallTime, monotonic: MonotonicTime) {
        self.wall = wall
        self.monotonic = monotonic
    }

    /// Both clocks advanced by the same amount; what a manual clock in a test does.
    public func advanced(by duration: Duration) -> Moment {
        Moment(wall: wall + duration, monotonic: monotonic + duration)
    }

    public var description: String { "\(wall) \(monotonic)" }
}
