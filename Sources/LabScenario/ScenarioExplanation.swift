/// `bblab explain FILE`: the scenario in plain language — what the failover model predicts,
/// the timeline with what each step means, and what the expectations promise.
public enum ScenarioExplanation {
    /// `seed` draws the chaos plan shown (default: the file's seed, else 1, as `bblab run` does).
    public static func text(_ scenario: Scenario, seed: UInt64? = nil) -> String {
        var lines: [String] = []
        lines.append("\(scenario.title)  (\(scenario.name))")
        lines.append(String(repeating: "=", count: min(100, scenario.title.count + scenario.name.count + 4)))
        if !scenario.explanation.isEmpty {
            lines.append(wrap(scenario.explanation.trimmingNewlines, indent: ""))
        }
        lines.append("")
        let pairs = scenario.pairs == 1 ? "1 pair" : "\(scenario.pairs) pairs"
        lines.append(
            "Cluster: \(pairs) of bbd behind fault proxies\(scenario.daemonFlags.isEmpty ? "" : ", flags " + scenario.daemonFlags.joined(separator: " "))."
        )
        lines.append("Workloads for \(ScenarioText.seconds(scenario.durationSeconds)):")
        for workload in scenario.workloads {
            lines.append("  - \(workload.description)  — \(workload.kind.summary)")
        }
        if !scenario.steps.isEmpty {
            lines.append("Timeline:")
            for (index, step) in scenario.steps.enumerated() {
                let fault = step.faultText.map { ": \($0)" } ?? ""
                lines.append("  \(index + 1). \(step.triggerDescription)\(fault)")
                if let say = step.say { lines.append(wrap(say, indent: "       ")) }
            }
        }
        if let chaos = scenario.chaos, let plan = scenario.chaosPlan(runSeed: seed ?? scenario.seed ?? 1) {
            lines += chaosLines(chaos, plan: plan)
        }
        lines.append(
            wrap(
                "Then: every network fault is healed, paused nodes resumed and dead ones restarted; once each pair shows one PRIMARY and one SECONDARY, and after \(ScenarioText.seconds(scenario.quietSeconds)) of quiet, every object is read back.",
                indent: ""))
        if !scenario.expectations.isEmpty {
            lines.append("Expectations (the documented contract):")
            for expectation in scenario.expectations {
                lines.append("  - \(expectation.description)")
                lines.append(wrap(meaning(expectation), indent: "      "))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func chaosLines(_ chaos: ChaosSettings, plan: ChaosPlan) -> [String] {
        func range(_ range: ClosedRange<Double>) -> String {
            range.lowerBound == range.upperBound
                ? ScenarioText.seconds(range.lowerBound)
                : "\(ScenarioText.seconds(range.lowerBound))–\(ScenarioText.seconds(range.upperBound))"
        }
        var lines = ["Chaos (random faults from seed \(plan.seed)):"]
        let kinds = chaos.kinds.map(\.rawValue).joined(separator: ", ")
        lines.append(
            wrap(
                "From \(ScenarioText.seconds(chaos.startSeconds)) on, faults drawn from [\(kinds)], each held \(range(chaos.holdSeconds)) then healed, \(range(chaos.gapSeconds)) apart \(chaos.overlap ? "(start to start: they may overlap)" : "(heal to next fault: one at a time)"). \(chaos.allowsBothDown ? "Both nodes of a pair may be down at once." : "Never both nodes of a pair down at once: a node counts as down until \(ScenarioText.seconds(ChaosPlanner.recoverySeconds)) after it is healed (time to fail over or rejoin).")",
                indent: "  "))
        let counts = plan.countsByKind.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
        lines.append("  \(plan.faults.count) faults\(counts.isEmpty ? "" : ": " + counts)")
        for fault in plan.faults {
            var heal = ""
            if let healSeconds = fault.healSeconds, let healText = fault.healText {
                heal = "; at \(ScenarioText.seconds(healSeconds)): \(healText)"
            }
            lines.append("  \(fault.number). at \(ScenarioText.seconds(fault.startSeconds)): \(fault.faultText)\(heal)")
        }
        return lines
    }

    /// What an expectation means, in the failover model's terms.
    public static func meaning(_ expectation: ScenarioExpectation) -> String {
        switch expectation {
        case .failoverWithin:
            return
                "A secondary promotes when it has heard no heartbeat for more than 4 s (a 2 s lease plus 2 s of grace), checked every 100 ms: the promotion comes 4.0–4.1 s after the last heartbeat it received, plus the lab's 50 ms polling."
        case .failovers:
            return "How many times a secondary took over (each at epoch + 1)."
        case .lostAcknowledged:
            return
                "Replication is asynchronous: writes acknowledged by a primary in the moments before it fails, not yet replicated, may be lost (async window); so may writes a stale primary accepts after a newer one took over (split brain). Anything else lost is a bug (unexplained)."
        case .singlePrimaryAfterHeal:
            return
                "Once the network heals, the newer primary's heartbeats reach the stale one, which sees the higher epoch, steps down to JOINING and re-syncs: one PRIMARY again within a few heartbeats."
        case .linearizable:
            return
                "Within one epoch the primary serves every read and write of a register, so each operation appears to take effect at one instant between its call and its answer."
        case .verdict(let checker, _):
            return "The \(checker) checker's verdict on the recorded history."
        case .dualPrimaryAtMost:
            return
                "Two PRIMARYs at different epochs can coexist only until the newer one's heartbeat reaches the older; this bounds that window."
        }
    }

    /// Wraps text at 100 columns with an indent.
    public static func wrap(_ text: String, indent: String) -> String {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = indent
            for word in paragraph.split(separator: " ") {
                if line.count + word.count + 1 > 100 && line.count > indent.count {
                    lines.append(line)
                    line = indent
                }
                line += (line.count > indent.count ? " " : "") + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Without trailing newlines and spaces (YAML block scalars end in one).
    public var trimmingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return String(text)
    }
}
