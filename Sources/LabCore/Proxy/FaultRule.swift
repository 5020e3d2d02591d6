/// One fault rule of a link direction: which message classes it governs and what it does to
/// them. Every field is optional in JSON; an absent field means "no such fault".
///
/// JSON keys (snake_case, unknown keys are refused):
///
/// | key | type | meaning |
/// |---|---|---|
/// | `classes` | array of class names | the classes the rule governs (`heartbeat`, `replicate`, `replicate-registry`, `join-snapshot`, `forwarded`, `status`, `other`); absent or empty = all classes |
/// | `drop_probability` | number in [0, 1] | chance that a message is swallowed and never answered (the sender times out) |
/// | `delay_ms` | number ≥ 0 | delay before the message is sent on, in milliseconds |
/// | `jitter_ms` | number ≥ 0 | the delay varies uniformly within ± this much (never below zero) |
/// | `duplicate_probability` | number in [0, 1] | chance that the message is delivered twice; the sender sees the first answer only |
/// | `reorder` | bool | hold a message (the sender gets an immediate `200` with `Content-Length: 0`) and deliver it right after the next delivered message of the same class |
/// | `replay` | bool | deliver normally and keep a copy (a bounded number, the latest) to re-deliver when the proxy is told to replay |
/// | `reset_probability` | number in [0, 1] | chance that the connection is closed abruptly (reset) on both sides instead |
///
/// When several apply, a message meets them in this order: reset, drop, reorder, then delay
/// with duplicate or replay (duplicate wins over replay for a duplicated message).
public struct FaultRule: Codable, Sendable, Equatable {
    /// The classes this rule governs; empty means every class.
    public var classes: [MessageClass]
    public var dropProbability: Double
    public var delayMilliseconds: Double
    public var jitterMilliseconds: Double
    public var duplicateProbability: Double
    public var reorder: Bool
    public var replay: Bool
    public var resetProbability: Double

    /// The largest accepted `delay_ms` and `jitter_ms`: ten minutes.
    public static let maximumDelayMilliseconds: Double = 600_000

    public init(
        classes: [MessageClass] = [],
        dropProbability: Double = 0,
        delayMilliseconds: Double = 0,
        jitterMilliseconds: Double = 0,
        duplicateProbability: Double = 0,
        reorder: Bool = false,
        replay: Bool = false,
        resetProbability: Double = 0
    ) {
        self.classes = classes
        self.dropProbability = dropProbability
        self.delayMilliseconds = delayMilliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.duplicateProbability = duplicateProbability
        self.reorder = reorder
        self.replay = replay
        self.resetProbability = resetProbability
    }

    /// Whether this rule governs messages of `messageClass`.
    public func governs(_ messageClass: MessageClass) -> Bool {
        classes.isEmpty || classes.contains(messageClass)
    }

    /// Checks ranges; `field` is the rule's own path (`rules[0]`) for the error message.
    public func validate(field: String = "") throws(FaultSpecificationError) {
        func name(_ key: CodingKeys) -> String { field.isEmpty ? key.rawValue : "\(field).\(key.rawValue)" }
        for (key, value) in [
            (CodingKeys.dropProbability, dropProbability), (.duplicateProbability, duplicateProbability),
            (.resetProbability, resetProbability),
        ] where !(value >= 0 && value <= 1) {
            throw FaultSpecificationError(
                field: name(key), reason: "must be a probability between 0 and 1, got \(value)")
        }
        for (key, value) in [
            (CodingKeys.delayMilliseconds, delayMilliseconds), (.jitterMilliseconds, jitterMilliseconds),
        ] {
            guard value.isFinite, value >= 0 else {
                throw FaultSpecificationError(field: name(key), reason: "must not be negative, got \(value)")
            }
            guard value <= Self.maximumDelayMilliseconds else {
                throw FaultSpecificationError(
                    field: name(key), reason: "must be at most \(Int(Self.maximumDelayMilliseconds)) ms, got \(value)")
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case classes
        case dropProbability = "drop_probability"
        case delayMilliseconds = "delay_ms"
        case jitterMilliseconds = "jitter_ms"
        case duplicateProbability = "duplicate_probability"
        case reorder
        case replay
        case resetProbability = "reset_probability"
    }

    public init(from decoder: any Decoder) throws {
        try SpecificationKey.refuseUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var classes: [MessageClass] = []
        if container.contains(.classes), try !container.decodeNil(forKey: .classes) {
            var list = try container.nestedUnkeyedContainer(forKey: .classes)
            while !list.isAtEnd {
                let index = list.currentIndex
                let name = try list.decode(String.self)
                guard let messageClass = MessageClass(rawValue: name) else {
                    throw FaultSpecificationError(
                        field: FaultSpecificationError.path(decoder.codingPath + [CodingKeys.classes]) + "[\(index)]",
                        reason: "unknown message class \"\(name)\"; expected one of "
                            + MessageClass.allCases.map(\.rawValue).joined(separator: ", "))
                }
                classes.append(messageClass)
            }
        }
        self.init(
            classes: classes,
            dropProbability: try container.decodeIfPresent(Double.self, forKey: .dropProbability) ?? 0,
            delayMilliseconds: try container.decodeIfPresent(Double.self, forKey: .delayMilliseconds) ?? 0,
            jitterMilliseconds: try container.decodeIfPresent(Double.self, forKey: .jitterMilliseconds) ?? 0,
            duplicateProbability: try container.decodeIfPresent(Double.self, forKey: .duplicateProbability) ?? 0,
            reorder: try container.decodeIfPresent(Bool.self, forKey: .reorder) ?? false,
            replay: try container.decodeIfPresent(Bool.self, forKey: .replay) ?? false,
            resetProbability: try container.decodeIfPresent(Double.self, forKey: .resetProbability) ?? 0
        )
        try validate(field: FaultSpecificationError.path(decoder.codingPath))
    }

    /// Writes only the fields that differ from "no fault", so a specification reads back as
    /// it was written.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !classes.isEmpty { try container.encode(classes, forKey: .classes) }
        if dropProbability != 0 { try container.encode(dropProbability, forKey: .dropProbability) }
        if delayMilliseconds != 0 { try container.encode(delayMilliseconds, forKey: .delayMilliseconds) }
        if jitterMilliseconds != 0 { try container.encode(jitterMilliseconds, forKey: .jitterMilliseconds) }
        if duplicateProbability != 0 { try container.encode(duplicateProbability, forKey: .duplicateProbability) }
        if reorder { try container.encode(true, forKey: .reorder) }
        if replay { try container.encode(true, forKey: .replay) }
        if resetProbability != 0 { try container.encode(resetProbability, forKey: .resetProbability) }
    }
}
