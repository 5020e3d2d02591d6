import Foundation
import LabCore
import LabScenario

/// Fires a scenario's steps in order, each at its time or after its event, and records the
/// schedule that actually ran (`schedule.jsonl`), so a run can be compared with its replay.
struct StepScheduler {
    let cluster: LabCluster
    let start: Int64
    let end: Int64
    let say: @Sendable (Int64, String) -> Void

    struct Fired: Sendable {
        var index: Int
        var timeNanoseconds: Int64
        var step: ScenarioStep
        var summary: String
    }

    /// Runs every step; returns what fired and notes on what could not. Steps are numbered
    /// from `numberedFrom` + 1 in the schedule and in notes.
    func run(_ steps: [ScenarioStep], numberedFrom offset: Int = 0) async -> (fired: [Fired], notes: [String]) {
        var fired: [Fired] = []
        var notes: [String] = []
        var previous = start
        var epochsAtPrevious = await highestEpochs()
        for (position, step) in steps.enumerated() {
            let index = offset + position
            let label = "step \(index + 1) (\(step.triggerDescription)\(step.faultText.map { ": " + $0 } ?? ""))"
            let due: Int64
            switch step.trigger {
            case .at(let seconds):
                due = start + Int64(seconds * 1e9)
            case .after(.previousStep, let wait):
                due = previous + Int64(wait * 1e9)
            case .after(.promotion(let pair), let wait):
                guard let promoted = await waitForPromotion(pair: pair, beyond: epochsAtPrevious) else {
                    notes.append("\(label): no promotion before the workload ended; not applied")
                    continue
                }
                due = promoted + Int64(wait * 1e9)
            }
            guard due < end else {
                notes.append("\(label): due after the workload ended; not applied")
                continue
            }
            let wait = due - cluster.clock.now()
            if wait > 0 {
                do {
                    try await Task.sleep(for: .nanoseconds(wait))
                } catch {
                    notes.append("\(label): the run ended first; not applied")
                    break
                }
            }
            var summary = "narration"
            if let request = step.fault {
                do {
                    summary = try await cluster.apply(request).summary
                } catch {
                    notes.append("\(label): could not be applied: \(error)")
                    summary = "not applied: \(error)"
                }
            }
            let now = cluster.clock.now()
            if let text = step.say { say(now, text) }
            if step.fault != nil { say(now, "fault: \(summary)") }
            fired.append(Fired(index: index, timeNanoseconds: now, step: step, summary: summary))
            previous = now
            epochsAtPrevious = await highestEpochs()
        }
        return (fired, notes)
    }

    /// Each pair's highest epoch among reachable nodes right now.
    private func highestEpochs() async -> [Int: UInt64] {
        let samples = await cluster.samples
        var epochs: [Int: UInt64] = [:]
        for node in cluster.topology.nodes {
            guard let sample = samples[node.name], sample.reachable else { continue }
            epochs[node.pair] = max(epochs[node.pair] ?? 0, sample.epoch)
        }
        return epochs
    }

    /// Waits until a node (of `pair`, or of any pair) is PRIMARY at an epoch above the pair's
    /// highest epoch in `baseline`; returns when it was seen, or `nil` at the workload's end.
    private func waitForPromotion(pair: Int?, beyond baseline: [Int: UInt64]) async -> Int64? {
        while cluster.clock.now() < end {
            let samples = await cluster.samples
            for node in cluster.topology.nodes where pair == nil || node.pair == pair {
                guard let sample = samples[node.name], sample.reachable, sample.role == "PRIMARY" else { continue }
                if sample.epoch > baseline[node.pair] ?? 0 { return sample.timeNanoseconds }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    static func jsonLine(_ fired: Fired, start: Int64) -> String {
        var members: [(String, String)] = [
            ("step", String(fired.index + 1)), ("t_ns", String(fired.timeNanoseconds)),
            ("workload_s", LabJSON.number(Double(fired.timeNanoseconds - start) / 1e9)),
            ("trigger", LabJSON.string(fired.step.triggerDescription)),
        ]
        if let fault = fired.step.faultText { members.append(("fault", LabJSON.string(fault))) }
        members.append(("summary", LabJSON.string(fired.summary)))
        if let say = fired.step.say { members.append(("say", LabJSON.string(say))) }
        return LabJSON.object(members)
    }
}
