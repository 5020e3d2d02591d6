import LabCheckers
import LabCore

/// A fault drawn on the timeline: a shaded window from when it was applied to when it was
/// undone, or an instant for faults that take no time.
struct FaultWindow: Hashable {
    enum Category: Hashable {
        /// Kill (until the node's restart), pause (until its resume).
        case process
        /// Partitions and message rules, until the next heal.
        case network
        /// Clock skew, until the node's next skew.
        case clock
        /// Restart, replay-now, heal: a moment, drawn as a tick.
        case instant
    }

    var label: String
    var start: Int64
    /// `nil`: never undone while recorded; drawn to the end of the axis.
    var end: Int64?
    var category: Category

    /// Pairs each fault with what undid it: `kill` → the next `restart` of a same target,
    /// `pause` → the next `resume`, network faults → the next `heal`, `skew` → the next skew
    /// of the node. Targets are the resolved node names the lab recorded.
    static func windows(from faults: [FaultObservation]) -> [FaultWindow] {
        var windows: [FaultWindow] = []
        for (index, fault) in faults.enumerated() {
            let later = faults[(index + 1)...]
            func firstLater(_ matches: (FaultCommand) -> Bool, sharingTarget: Bool) -> Int64? {
                later.first { other in
                    matches(other.request.command)
                        && (!sharingTarget || other.targets.isEmpty || fault.targets.isEmpty
                            || !Set(other.targets).isDisjoint(with: fault.targets))
                }?.timeNanoseconds
            }
            let label = fault.summary.isEmpty ? describe(fault) : fault.summary
            let window: FaultWindow
            switch fault.request.command {
            case .kill:
                let restart = firstLater(
                    {
                        if case .restart = $0 { return true }
                        return false
                    }, sharingTarget: true)
                window = FaultWindow(label: label, start: fault.timeNanoseconds, end: restart, category: .process)
            case .pause:
                let resume = firstLater(
                    {
                        if case .resume = $0 { return true }
                        return false
                    }, sharingTarget: true)
                window = FaultWindow(label: label, start: fault.timeNanoseconds, end: resume, category: .process)
            case .partition, .linkRule:
                let heal = firstLater({ $0 == .heal }, sharingTarget: false)
                window = FaultWindow(label: label, start: fault.timeNanoseconds, end: heal, category: .network)
            case .skew(_, let seconds):
                guard seconds != 0 else { continue }
                let next = firstLater(
                    {
                        if case .skew = $0 { return true }
                        return false
                    }, sharingTarget: true)
                window = FaultWindow(label: label, start: fault.timeNanoseconds, end: next, category: .clock)
            case .resume:
                continue
            case .restart, .replayNow, .heal, .promote:
                window = FaultWindow(label: label, start: fault.timeNanoseconds, end: nil, category: .instant)
            }
            windows.append(window)
        }
        return windows
    }

    /// A label when the lab recorded no summary.
    static func describe(_ fault: FaultObservation) -> String {
        let targets = fault.targets.isEmpty ? "" : " " + fault.targets.joined(separator: ", ")
        switch fault.request.command {
        case .partition(let from, let to, let mode, let oneWay):
            return "partition \(from) \(oneWay ? "->" : "<->") \(to) (\(mode.rawValue))"
        case .linkRule(let link, let classes, let rule):
            let scope = classes.isEmpty ? "" : " [" + classes.joined(separator: ",") + "]"
            return "\(ruleName(rule)) \(link)\(scope)"
        case .replayNow(let link): return "replay-now \(link)"
        case .kill(let target): return "kill" + (targets.isEmpty ? " " + target : targets)
        case .pause(let target): return "pause" + (targets.isEmpty ? " " + target : targets)
        case .resume(let target): return "resume" + (targets.isEmpty ? " " + target : targets)
        case .restart(let target): return "restart" + (targets.isEmpty ? " " + target : targets)
        case .promote(let target): return "promote" + (targets.isEmpty ? " " + target : targets)
        case .skew(let target, let seconds):
            return "skew" + (targets.isEmpty ? " " + target : targets) + " " + ReportNumber.figure(seconds) + " s"
        case .heal: return "heal"
        }
    }

    private static func ruleName(_ rule: LinkRule) -> String {
        switch rule {
        case .drop(let probability): "drop p=\(ReportNumber.figure(probability))"
        case .delay(let milliseconds, let jitter):
            "delay \(ReportNumber.figure(milliseconds))±\(ReportNumber.figure(jitter)) ms"
        case .duplicate(let probability): "duplicate p=\(ReportNumber.figure(probability))"
        case .reorder: "reorder"
        case .replay: "replay"
        case .reset(let probability): "reset p=\(ReportNumber.figure(probability))"
        }
    }
}
