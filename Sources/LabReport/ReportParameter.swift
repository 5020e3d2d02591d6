/// One line of the run's parameters table, e.g. `seed` = `1`, `faults` = `2: kill primary`.
public struct ReportParameter: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}
