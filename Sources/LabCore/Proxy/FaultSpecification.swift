/// The faults of one link direction (for example "node1->node2"): an optional partition and a
/// list of rules. The empty specification (`{}`) means a healthy link.
///
/// JSON, for the lab's control plane (snake_case keys, unknown keys refused):
///
/// ```json
/// {
///   "partition": "blackhole",
///   "rules": [
///     {"classes": ["heartbeat"], "drop_probability": 0.3},
///     {"classes": ["replicate", "replicate-registry"], "delay_ms": 40, "jitter_ms": 10, "replay": true},
///     {"duplicate_probability": 0.05}
///   ]
/// }
/// ```
///
/// | key | type | meaning |
/// |---|---|---|
/// | `partition` | `"refuse"`, `"blackhole"`, `"drop"` or absent | see ``PartitionMode``; overrides the rules |
/// | `rules` | array of ``FaultRule`` | each message meets the **first** rule whose `classes` include its class; later rules do not apply to it |
public struct FaultSpecification: Codable, Sendable, Equatable {
    public var partition: PartitionMode?
    public var rules: [FaultRule]

    /// No faults.
    public static let healthy = FaultSpecification()

    public init(partition: PartitionMode? = nil, rules: [FaultRule] = []) {
        self.partition = partition
        self.rules = rules
    }

    /// Whether the link is healthy (no partition, no rules).
    public var isHealthy: Bool { partition == nil && rules.isEmpty }

    /// The rule that governs `messageClass`: the first one that names it or names no class.
    public func rule(for messageClass: MessageClass) -> FaultRule? {
        rules.first { $0.governs(messageClass) }
    }

    /// Checks every rule's ranges (decoding already does; this is for specifications built in code).
    public func validate() throws(FaultSpecificationError) {
        for (index, rule) in rules.enumerated() { try rule.validate(field: "rules[\(index)]") }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case partition
        case rules
    }

    public init(from decoder: any Decoder) throws {
        try SpecificationKey.refuseUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .partition) {
            guard let mode = PartitionMode(rawValue: name) else {
                throw FaultSpecificationError(
                    field: FaultSpecificationError.path(decoder.codingPath + [CodingKeys.partition]),
                    reason: "unknown partition mode \"\(name)\"; expected one of "
                        + PartitionMode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            partition = mode
        } else {
            partition = nil
        }
        rules = try container.decodeIfPresent([FaultRule].self, forKey: .rules) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(partition, forKey: .partition)
        if !rules.isEmpty { try container.encode(rules, forKey: .rules) }
    }
}
