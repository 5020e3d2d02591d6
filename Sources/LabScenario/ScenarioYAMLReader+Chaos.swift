import Yams

extension ScenarioYAMLReader {
    /// The `chaos:` section (see ``ChaosSettings``); each problem names its line.
    func chaos(_ node: Node) throws(ScenarioProblem) -> ChaosSettings {
        var settings = ChaosSettings(line: node.mark?.line)
        for member in try mapping(node, "chaos") {
            let value = member.value
            switch member.key {
            case "seed": settings.seed = UInt64(try integer(value, "chaos.seed", in: 0...Int.max))
            case "start": settings.startSeconds = try seconds(value, "chaos.start")
            case "gap": settings.gapSeconds = try secondsRange(value, "chaos.gap", allowsZero: true)
            case "hold": settings.holdSeconds = try secondsRange(value, "chaos.hold", allowsZero: false)
            case "faults":
                guard let items = value.sequence, !items.isEmpty else {
                    throw problem(value, "chaos.faults must be a non-empty list, e.g. [kill, pause, partition]")
                }
                settings.kinds = try items.map { (item: Node) throws(ScenarioProblem) -> ChaosFaultKind in
                    let name = try string(item, "a chaos fault")
                    guard let kind = ChaosFaultKind(rawValue: name) else {
                        throw problem(
                            item,
                            "chaos.faults: unknown fault \"\(name)\" (faults: \(ChaosFaultKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                        )
                    }
                    return kind
                }
            case "overlap": settings.overlap = try boolean(value, "chaos.overlap")
            case "both_down": settings.allowsBothDown = try boolean(value, "chaos.both_down")
            default:
                throw problem(
                    member.keyNode,
                    "unknown chaos key \"\(member.key)\" (keys: seed, start, gap, hold, faults, overlap, both_down)")
            }
        }
        if settings.allowsBothDown && !settings.overlap {
            throw problem(
                node, "chaos.both_down: true needs overlap: true (faults one at a time never take both nodes down)")
        }
        return settings
    }

    /// `[2s, 10s]`: low ≤ high; a single duration means exactly that long.
    private func secondsRange(_ node: Node, _ key: String, allowsZero: Bool) throws(ScenarioProblem) -> ClosedRange<
        Double
    > {
        let low: Double
        let high: Double
        if let items = node.sequence {
            guard items.count == 2 else { throw problem(node, "\(key) must be [low, high], e.g. [2s, 10s]") }
            low = try seconds(items[0], key)
            high = try seconds(items[1], key)
        } else {
            low = try seconds(node, key)
            high = low
        }
        guard low <= high else { throw problem(node, "\(key): low must not exceed high") }
        guard allowsZero || low > 0 else { throw problem(node, "\(key) must be longer than 0 s") }
        return low...high
    }
}

extension Scenario {
    /// A `chaos:` section must leave room for at least one fault: its start, its longest hold
    /// and the recovery time within the workload. Checked again when `--duration` overrides
    /// the file's duration.
    public func validateChaos(file: String) throws(ScenarioProblem) {
        guard let chaos else { return }
        let place = "\(file):\(chaos.line ?? 0): chaos"
        guard chaos.startSeconds < durationSeconds else {
            throw ScenarioProblem(
                "\(place): start \(ScenarioText.seconds(chaos.startSeconds)) is not within the \(ScenarioText.seconds(durationSeconds)) duration"
            )
        }
        let needed = chaos.startSeconds + chaos.holdSeconds.upperBound + ChaosPlanner.recoverySeconds
        guard needed <= durationSeconds else {
            throw ScenarioProblem(
                "\(place): start + the longest hold + \(ScenarioText.seconds(ChaosPlanner.recoverySeconds)) of recovery is \(ScenarioText.seconds(needed)), longer than the \(ScenarioText.seconds(durationSeconds)) duration: no fault would fit"
            )
        }
    }
}
