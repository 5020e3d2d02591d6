/// Decides the fate of each message on one link direction from the fault specification and a
/// seeded generator. Pure and deterministic: the same seed, specification changes and sequence
/// of calls give the same fates.
///
/// The policy keeps no message state; the caller says whether a message of the class is
/// already held for reorder, because holding is the proxy's business.
public struct LinkPolicy: Sendable {
    public private(set) var specification: FaultSpecification
    private var generator: LinkRandomGenerator

    public init(specification: FaultSpecification = .healthy, seed: UInt64) {
        self.specification = specification
        self.generator = LinkRandomGenerator(seed: seed)
    }

    /// Replaces the specification; the generator continues its sequence.
    public mutating func setSpecification(_ specification: FaultSpecification) {
        self.specification = specification
    }

    /// The fate of the next message of `messageClass`.
    ///
    /// - Parameter holdingForReorder: whether a message of this class is already held; if so,
    ///   a reorder rule lets this one through (the caller then releases the held one after it),
    ///   so messages are swapped in pairs and at most one per class is ever held.
    ///
    /// Order of decisions: partition (refuse → `reset`, blackhole → `blackhole`, drop →
    /// `drop`); then the first rule that governs the class: reset, drop, reorder, and for
    /// the rest the delay (± jitter) with duplicate, replay or plain delivery.
    public mutating func fate(for messageClass: MessageClass, holdingForReorder: Bool = false) -> MessageFate {
        switch specification.partition {
        case .refuse: return .reset
        case .blackhole: return .blackhole
        case .drop: return .drop
        case nil: break
        }
        guard let rule = specification.rule(for: messageClass) else { return .deliver(delay: .zero) }
        if rule.resetProbability > 0, generator.chance(rule.resetProbability) { return .reset }
        if rule.dropProbability > 0, generator.chance(rule.dropProbability) { return .drop }
        if rule.reorder, !holdingForReorder { return .holdForReorder }
        let delay = delay(for: rule)
        if rule.duplicateProbability > 0, generator.chance(rule.duplicateProbability) {
            return .duplicate(delay: delay)
        }
        if rule.replay { return .deliverAndKeepForReplay(delay: delay) }
        return .deliver(delay: delay)
    }

    /// Whether a held message of `messageClass` should stay held under the current
    /// specification: while a reorder rule governs the class, and while the link is
    /// partitioned (a release would cross the partition). Otherwise the proxy releases it.
    public func keepsHolding(_ messageClass: MessageClass) -> Bool {
        specification.partition != nil || specification.rule(for: messageClass)?.reorder == true
    }

    /// `delay_ms` ± a uniform jitter, at microsecond resolution, never negative.
    private mutating func delay(for rule: FaultRule) -> Duration {
        let base = Int64((rule.delayMilliseconds * 1000).rounded())
        var microseconds = base
        let jitter = Int64((rule.jitterMilliseconds * 1000).rounded())
        if jitter > 0 {
            microseconds += Int64.random(in: -jitter...jitter, using: &generator)
        }
        return .microseconds(max(0, microseconds))
    }
}
