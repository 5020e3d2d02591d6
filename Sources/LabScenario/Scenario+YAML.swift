import LabCheckers
import LabCore
import Yams

extension Scenario {
    /// Parses a scenario file. Every problem names the file, the line and the key, and
    /// unknown keys are refused (a typo must not silently drop an expectation).
    public static func parse(yaml text: String, file: String) throws(ScenarioProblem) -> Scenario {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ScenarioProblem("\(file): the file is empty")
            }
            root = composed
        } catch let problem as ScenarioProblem {
            throw problem
        } catch {
            throw ScenarioProblem("\(file): not valid YAML: \(error)")
        }
        let reader = ScenarioYAMLReader(file: file)
        return try reader.scenario(root, defaultName: Self.baseName(file))
    }

    static func baseName(_ file: String) -> String {
        let last = file.split(separator: "/").last.map(String.init) ?? file
        for suffix in [".yaml", ".yml"] where last.hasSuffix(suffix) { return String(last.dropLast(suffix.count)) }
        return last
    }
}

/// Walks the composed YAML with the file name at hand for messages.
struct ScenarioYAMLReader {
    let file: String

    func problem(_ node: Node?, _ message: String) -> ScenarioProblem {
        if let line = node?.mark?.line { return ScenarioProblem("\(file):\(line): \(message)") }
        return ScenarioProblem("\(file): \(message)")
    }

    func mapping(_ node: Node, _ what: String) throws(ScenarioProblem) -> [(key: String, keyNode: Node, value: Node)] {
        guard let mapping = node.mapping else { throw problem(node, "\(what) must be a mapping (key: value)") }
        var members: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw problem(key, "\(what): keys must be plain words") }
            if members.contains(where: { $0.0 == name }) { throw problem(key, "\(what): \"\(name)\" appears twice") }
            members.append((name, key, value))
        }
        return members.map { (key: $0.0, keyNode: $0.1, value: $0.2) }
    }

    func string(_ node: Node, _ key: String) throws(ScenarioProblem) -> String {
        guard let scalar = node.scalar else { throw problem(node, "\(key) must be text") }
        return scalar.string
    }

    func integer(_ node: Node, _ key: String, in range: ClosedRange<Int>) throws(ScenarioProblem) -> Int {
        guard let value = node.scalar.flatMap({ Int($0.string) }), range.contains(value) else {
            throw problem(node, "\(key) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func number(_ node: Node, _ key: String) throws(ScenarioProblem) -> Double {
        guard let value = node.scalar.flatMap({ Double($0.string) }), value.isFinite else {
            throw problem(node, "\(key) must be a number")
        }
        return value
    }

    func seconds(_ node: Node, _ key: String) throws(ScenarioProblem) -> Double {
        guard let text = node.scalar?.string, let seconds = ScenarioDuration.seconds(text) else {
            throw problem(node, "\(key) must be a duration: 4s, 500ms, 1.5 (seconds) or 2 windows (× 4 s)")
        }
        return seconds
    }

    func boolean(_ node: Node, _ key: String) throws(ScenarioProblem) -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw problem(node, "\(key) must be true or false")
        }
    }

    func scenario(_ root: Node, defaultName: String) throws(ScenarioProblem) -> Scenario {
        var scenario = Scenario(name: defaultName, title: defaultName, workloads: [], durationSeconds: 0)
        var sawDuration = false
        for member in try mapping(root, "a scenario") {
            let value = member.value
            switch member.key {
            case "name": scenario.name = try string(value, "name")
            case "title": scenario.title = try string(value, "title")
            case "explain": scenario.explanation = try string(value, "explain")
            case "pairs": scenario.pairs = try integer(value, "pairs", in: 1...16)
            case "seed": scenario.seed = UInt64(try integer(value, "seed", in: 0...Int.max))
            case "duration":
                scenario.durationSeconds = try seconds(value, "duration")
                sawDuration = true
            case "quiet": scenario.quietSeconds = try seconds(value, "quiet")
            case "daemon_flags":
                guard let items = value.sequence else { throw problem(value, "daemon_flags must be a list") }
                scenario.daemonFlags = try items.map { (item: Node) throws(ScenarioProblem) -> String in
                    try string(item, "a daemon flag")
                }
            case "workloads": scenario.workloads = try workloads(value)
            case "steps": scenario.steps = try steps(value)
            case "expect": scenario.expectations = try expectations(value)
            case "chaos": scenario.chaos = try chaos(value)
            case "folder_runs": scenario.runsWithFolder = try boolean(value, "folder_runs")
            default:
                throw problem(
                    member.keyNode,
                    "unknown key \"\(member.key)\" (keys: name, title, explain, pairs, seed, duration, quiet, daemon_flags, workloads, steps, chaos, folder_runs, expect)"
                )
            }
        }
        guard sawDuration, scenario.durationSeconds > 0 else {
            throw problem(root, "duration is required (seconds of workload, e.g. duration: 12s)")
        }
        guard !scenario.workloads.isEmpty else { throw problem(root, "workloads is required (at least one)") }
        for workload in scenario.workloads where workload.pair > scenario.pairs {
            throw problem(
                root,
                "a \(workload.kind.rawValue) workload runs on pair \(workload.pair) but pairs is \(scenario.pairs)")
        }
        try scenario.validateTargets(file: file)
        try scenario.validateChaos(file: file)
        for step in scenario.steps {
            if case .at(let seconds) = step.trigger, seconds >= scenario.durationSeconds {
                throw ScenarioProblem(
                    "\(file):\(step.line ?? 0): a step at \(seconds) s is not within the \(scenario.durationSeconds) s duration"
                )
            }
        }
        return scenario
    }

    /// `- counter: {clients: 4}`, `- {kind: counter, clients: 4}` or `- "counter:clients=4"`.
    func workloads(_ node: Node) throws(ScenarioProblem) -> [WorkloadSpecification] {
        guard let items = node.sequence else { throw problem(node, "workloads must be a list") }
        var result: [WorkloadSpecification] = []
        for item in items {
            var text: String
            if let scalar = item.scalar {
                text = scalar.string
            } else {
                let members = try mapping(item, "a workload")
                var settings: [(String, String)] = []
                var kind: String?
                if members.count == 1, members[0].value.mapping != nil || members[0].value.scalar?.string == "" {
                    kind = members[0].key
                    if members[0].value.mapping != nil {
                        for setting in try mapping(members[0].value, "workload \(members[0].key)") {
                            settings.append((setting.key, try string(setting.value, setting.key)))
                        }
                    }
                } else {
                    for member in members {
                        if member.key == "kind" {
                            kind = try string(member.value, "kind")
                        } else {
                            settings.append((member.key, try string(member.value, member.key)))
                        }
                    }
                }
                guard let kind else { throw problem(item, "a workload needs a kind (counter, cart, …)") }
                text = kind
                if !settings.isEmpty { text += ":" + settings.map { "\($0.0)=\($0.1)" }.joined(separator: ",") }
            }
            do {
                result.append(try WorkloadSpecification.parse(text))
            } catch {
                throw problem(item, error.message)
            }
        }
        return result
    }

    func steps(_ node: Node) throws(ScenarioProblem) -> [ScenarioStep] {
        guard let items = node.sequence else { throw problem(node, "steps must be a list") }
        var result: [ScenarioStep] = []
        for item in items {
            var at: Double?
            var after: ScenarioEvent?
            var wait = 0.0
            var pair: Int?
            var faultText: String?
            var fault: FaultRequest?
            var say: String?
            for member in try mapping(item, "a step") {
                switch member.key {
                case "at": at = try seconds(member.value, "at")
                case "after":
                    switch try string(member.value, "after") {
                    case "promotion": after = .promotion(pair: nil)
                    case "previous": after = .previousStep
                    default: throw problem(member.value, "after must be promotion or previous")
                    }
                case "wait": wait = try seconds(member.value, "wait")
                case "pair": pair = try integer(member.value, "pair", in: 1...16)
                case "fault":
                    let words = try string(member.value, "fault")
                    do {
                        fault = try TimedFault.request(words: words)
                    } catch {
                        throw problem(member.value, "fault \"\(words)\": \(error.message)")
                    }
                    faultText = words
                case "say": say = try string(member.value, "say")
                default:
                    throw problem(
                        member.keyNode, "unknown step key \"\(member.key)\" (keys: at, after, wait, pair, fault, say)")
                }
            }
            let trigger: ScenarioStep.Trigger
            switch (at, after) {
            case (let at?, nil):
                guard wait == 0 else { throw problem(item, "wait goes with after, not with at") }
                trigger = .at(seconds: at)
            case (nil, let event?):
                if case .promotion = event {
                    trigger = .after(.promotion(pair: pair), waitSeconds: wait)
                } else {
                    trigger = .after(event, waitSeconds: wait)
                }
            case (nil, nil): throw problem(item, "a step needs at (a time) or after (promotion or previous)")
            case (_?, _?): throw problem(item, "a step has at or after, not both")
            }
            guard fault != nil || say != nil else {
                throw problem(item, "a step needs a fault, something to say, or both")
            }
            result.append(
                ScenarioStep(trigger: trigger, fault: fault, faultText: faultText, say: say, line: item.mark?.line))
        }
        return result
    }

    func expectations(_ node: Node) throws(ScenarioProblem) -> [ScenarioExpectation] {
        var result: [ScenarioExpectation] = []
        for member in try mapping(node, "expect") {
            let value = member.value
            switch member.key {
            case "failover_within":
                guard let items = value.sequence, items.count == 2 else {
                    throw problem(value, "failover_within must be [low, high] in seconds, e.g. [4.0, 4.5]")
                }
                let low = try number(items[0], "failover_within")
                let high = try number(items[1], "failover_within")
                guard low <= high else { throw problem(value, "failover_within: low must not exceed high") }
                result.append(.failoverWithin(low...high))
            case "failovers":
                if let items = value.sequence {
                    guard items.count == 2 else { throw problem(value, "failovers must be a count or [low, high]") }
                    let low = try integer(items[0], "failovers", in: 0...1000)
                    let high = try integer(items[1], "failovers", in: low...1000)
                    result.append(.failovers(low...high))
                } else {
                    let count = try integer(value, "failovers", in: 0...1000)
                    result.append(.failovers(count...count))
                }
            case "lost_acknowledged":
                var bounds: [String: Int] = [:]
                for bound in try mapping(value, "lost_acknowledged") {
                    let cause: String
                    switch bound.key {
                    case "unexplained", "total": cause = bound.key
                    case "async_window": cause = "async-window"
                    case "split_brain": cause = "split-brain"
                    default:
                        throw problem(
                            bound.keyNode,
                            "lost_acknowledged: unknown cause \"\(bound.key)\" (causes: unexplained, async_window, split_brain, total)"
                        )
                    }
                    bounds[cause] = try integer(bound.value, "lost_acknowledged.\(bound.key)", in: 0...Int.max)
                }
                result.append(.lostAcknowledged(bounds))
            case "single_primary_after_heal":
                result.append(.singlePrimaryAfterHeal(seconds: try seconds(value, member.key)))
            case "linearizable": result.append(.linearizable(try boolean(value, member.key)))
            case "dual_primary_at_most": result.append(.dualPrimaryAtMost(seconds: try seconds(value, member.key)))
            case "verdicts":
                for verdict in try mapping(value, "verdicts") {
                    var allowed: Set<CheckVerdict> = []
                    let text = try string(verdict.value, verdict.key)
                    for word in text.split(separator: " ") where word != "or" {
                        guard let parsed = CheckVerdict(rawValue: String(word)) else {
                            throw problem(
                                verdict.value,
                                "\(verdict.key): verdicts are ok, unknown or violation (e.g. \"ok or unknown\")")
                        }
                        allowed.insert(parsed)
                    }
                    guard !allowed.isEmpty else { throw problem(verdict.value, "\(verdict.key): no verdict given") }
                    result.append(.verdict(checker: verdict.key, allowed: allowed))
                }
            default:
                throw problem(
                    member.keyNode,
                    "unknown expectation \"\(member.key)\" (expectations: failover_within, failovers, lost_acknowledged, single_primary_after_heal, linearizable, dual_primary_at_most, verdicts)"
                )
            }
        }
        return result
    }
}
