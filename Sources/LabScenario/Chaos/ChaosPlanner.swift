import LabCore

/// Draws a chaos plan: a pure function of the settings, the number of pairs, the workload's
/// duration and the seed. Same inputs, same plan, on every platform (``LinkRandomGenerator``).
///
/// Each round draws a kind (uniformly from the settings' list), a pair, the kind's parameters
/// and a hold time, then starts the fault at the earliest moment the rules allow:
///
/// - a node is never taken down (kill, pause, restart) while it is down or recovering, and,
///   unless `both_down` is allowed, never while the other node of its pair is;
/// - an isolating fault (partition, one-way partition, promote) waits until its pair has no
///   fault and has recovered from the last one, and nothing else starts on the pair until it
///   has been healed and the pair has recovered;
/// - network faults never overlap one another: `heal` removes them all at once;
/// - a node's clock is skewed by one fault at a time.
///
/// A node counts as down from the fault's start until its heal plus ``recoverySeconds`` (the
/// time to promote or rejoin). Without `overlap`, the next fault comes a drawn gap after the
/// previous one's heal; with it, a gap after the previous one's start. Planning stops at the
/// first fault that would not be healed and recovered before the workload ends, so every fault
/// of the plan is undone within the run.
public enum ChaosPlanner {
    /// Time a pair gets after a fault before a node counts as back: longer than the 4 s
    /// failover window plus a join snapshot.
    public static let recoverySeconds = 6.0
    /// An upper bound on the plan's length, whatever the settings.
    public static let maximumFaults = 10_000

    public static func plan(_ settings: ChaosSettings, pairs: Int, durationSeconds: Double, seed: UInt64) -> ChaosPlan {
        precondition(pairs >= 1 && !settings.kinds.isEmpty, "chaos needs a pair and at least one kind")
        var random = LinkRandomGenerator(seed: seed ^ 0x6368_616F_735F_7631)  // "chaos_v1": not the workload's stream
        var nodeDownUntil: [String: Double] = [:]
        var pairBusyUntil: [Int: Double] = [:]
        var pairIsolatedUntil: [Int: Double] = [:]
        var skewUntil: [String: Double] = [:]
        var networkBusyUntil = 0.0
        var cursor = settings.startSeconds
        var faults: [ChaosFault] = []

        while faults.count < maximumFaults {
            let kind = settings.kinds[random.index(settings.kinds.count)]
            let pair = 1 + random.index(pairs)
            let nodes = ["node\(2 * pair - 1)", "node\(2 * pair)"]
            let first = random.index(2)
            let target = nodes[first]
            let peer = nodes[1 - first]
            let hold = random.rounded(in: settings.holdSeconds, step: 0.01)
            let gap = random.rounded(in: settings.gapSeconds, step: 0.01)
            let words = Self.words(kind, target: target, peer: peer, random: &random)

            var start = max(cursor, pairIsolatedUntil[pair] ?? 0)
            if kind.takesNodeDown {
                start = max(start, nodeDownUntil[target] ?? 0)
                if !settings.allowsBothDown { start = max(start, nodeDownUntil[peer] ?? 0) }
            }
            if kind.isolatesPair {
                start = max(start, pairBusyUntil[pair] ?? 0, nodeDownUntil[target] ?? 0, nodeDownUntil[peer] ?? 0)
            }
            if kind.isNetworkFault { start = max(start, networkBusyUntil) }
            if kind == .skew { start = max(start, skewUntil[target] ?? 0) }

            let heal = kind.healsItself ? nil : start + hold
            let end = heal ?? start
            let recovered = end + recoverySeconds
            guard recovered <= durationSeconds else { break }

            faults.append(
                ChaosFault(
                    number: faults.count + 1, kind: kind, pair: pair, startSeconds: start, healSeconds: heal,
                    faultText: words.fault, healText: words.heal, downNode: kind.takesNodeDown ? target : nil,
                    recoveredSeconds: recovered))
            if kind.takesNodeDown { nodeDownUntil[target] = recovered }
            if kind.isolatesPair { pairIsolatedUntil[pair] = recovered }
            if kind == .promote { nodeDownUntil[peer] = max(nodeDownUntil[peer] ?? 0, recovered) }
            if kind.isNetworkFault { networkBusyUntil = end }
            if kind == .skew { skewUntil[target] = end }
            pairBusyUntil[pair] = max(pairBusyUntil[pair] ?? 0, kind.takesNodeDown ? recovered : end)
            cursor = (settings.overlap ? start : end) + gap
        }
        return ChaosPlan(seed: seed, faults: faults)
    }

    /// The fault's words and the words that heal it, with the kind's parameters drawn.
    private static func words(
        _ kind: ChaosFaultKind, target: String, peer: String, random: inout LinkRandomGenerator
    ) -> (fault: String, heal: String?) {
        let link = "\(target)->\(peer)"
        let classChoices = ["", " classes=replicate", " classes=heartbeat", " classes=replicate,heartbeat"]
        let modes = ["refuse", "blackhole", "drop"]
        switch kind {
        case .kill: return ("kill \(target)", "restart \(target)")
        case .pause: return ("pause \(target)", "resume \(target)")
        case .restart: return ("restart \(target)", nil)
        case .promote: return ("promote \(target)", nil)
        case .skew:
            let magnitude = random.rounded(in: 1...5, step: 0.1)
            let seconds = random.index(2) == 0 ? magnitude : -magnitude
            return ("skew \(target) seconds=\(Self.number(seconds))", "skew \(target) seconds=0")
        case .partition:
            return ("partition \(target) \(peer) mode=\(modes[random.index(modes.count)])", "heal")
        case .oneWayPartition:
            return ("partition \(target) \(peer) mode=\(modes[random.index(modes.count)]) one_way=true", "heal")
        case .drop:
            let classes = classChoices[random.index(classChoices.count)]
            let probability = random.rounded(in: 0.1...0.6, step: 0.05)
            return ("drop \(link)\(classes) probability=\(Self.number(probability))", "heal")
        case .delay:
            let classes = classChoices[random.index(classChoices.count)]
            let milliseconds = random.rounded(in: 20...500, step: 10)
            let jitter = (milliseconds / 5).rounded()
            return ("delay \(link)\(classes) ms=\(Self.number(milliseconds)) jitter_ms=\(Self.number(jitter))", "heal")
        case .duplicate:
            let classes = classChoices[random.index(classChoices.count)]
            let probability = random.rounded(in: 0.2...1, step: 0.05)
            return ("duplicate \(link)\(classes) probability=\(Self.number(probability))", "heal")
        case .reorder:
            return ("reorder \(link)\(classChoices[random.index(classChoices.count)])", "heal")
        case .reset:
            let classes = classChoices[random.index(classChoices.count)]
            let probability = random.rounded(in: 0.05...0.3, step: 0.05)
            return ("reset \(link)\(classes) probability=\(Self.number(probability))", "heal")
        }
    }

    /// `3`, `0.25`, `-1.5`: short, exact enough, and stable across platforms.
    static func number(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        if hundredths.truncatingRemainder(dividingBy: 100) == 0 { return String(Int(hundredths / 100)) }
        return String(hundredths / 100)
    }
}

extension LinkRandomGenerator {
    /// A uniform index in `0..<count`.
    mutating func index(_ count: Int) -> Int {
        Int(next() % UInt64(count))
    }

    /// A uniform number in `range`, rounded to a multiple of `step`.
    mutating func rounded(in range: ClosedRange<Double>, step: Double) -> Double {
        let value = range.lowerBound + nextUnitInterval() * (range.upperBound - range.lowerBound)
        return min(range.upperBound, max(range.lowerBound, (value / step).rounded() * step))
    }
}
