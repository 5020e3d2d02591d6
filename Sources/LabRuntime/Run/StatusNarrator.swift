import Foundation
import LabCheckers

/// Tells, as it happens and in plain language, what the nodes' `/status` changes mean: a
/// node going silent or coming back, a promotion and why, a stale primary stepping down, a
/// rejoin, and — while a secondary hears no heartbeats — the lease countdown.
final class StatusNarrator: Sendable {
    private let poller: StatusPoller
    private let nodes: [String]
    private let clock: LabClock
    private let origin: Int64
    private let output: @Sendable (String) -> Void

    init(
        poller: StatusPoller, nodes: [String], clock: LabClock, origin: Int64,
        output: @escaping @Sendable (String) -> Void
    ) {
        self.poller = poller
        self.nodes = nodes
        self.clock = clock
        self.origin = origin
        self.output = output
    }

    /// Prints `t=… s  text` on the run's time axis (seconds from the workload's start).
    func say(_ text: String, at time: Int64? = nil) {
        let seconds = Double((time ?? clock.now()) - origin) / 1e9
        output(String(format: "t=%6.2f s  ", seconds) + text)
    }

    /// Watches until cancelled.
    func watch() async {
        var previous: [String: NodeStatusSample] = [:]
        var announcedSilence: [String: Int] = [:]
        while !Task.isCancelled {
            let samples = poller.samples
            for node in nodes {
                guard let sample = samples[node] else { continue }
                defer { previous[node] = sample }
                guard let before = previous[node] else { continue }
                if before.reachable && !sample.reachable {
                    say("\(node) stopped answering /status (killed, paused or restarting)", at: sample.timeNanoseconds)
                    continue
                }
                guard sample.reachable else { continue }
                if !before.reachable {
                    say("\(node) answers again: \(describe(sample))", at: sample.timeNanoseconds)
                } else if before.role != sample.role || before.epoch != sample.epoch {
                    say(transition(node: node, from: before, to: sample), at: sample.timeNanoseconds)
                }
                countdown(node: node, sample: sample, announced: &announcedSilence)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func describe(_ sample: NodeStatusSample) -> String {
        "\(sample.role.isEmpty ? "no role yet" : sample.role) at epoch \(sample.epoch)"
    }

    private func transition(node: String, from before: NodeStatusSample, to after: NodeStatusSample) -> String {
        switch (before.role, after.role) {
        case ("SECONDARY", "PRIMARY"):
            return "\(node) promoted: PRIMARY at epoch \(after.epoch) — no heartbeat for more than 4 s "
                + "(2 s lease + 2 s grace); for 500 ms lock operations answer LockStateUnknown"
        case ("PRIMARY", "JOINING"):
            return "\(node) stepped down: JOINING at epoch \(after.epoch) — a heartbeat from a newer epoch reached it; "
                + "it drops its state (writes it took since the split are lost) and re-syncs"
        case ("JOINING", "SECONDARY"), ("UNKNOWN", "SECONDARY"):
            return "\(node) joined: SECONDARY at epoch \(after.epoch) — the join snapshot arrived; replication resumes"
        case (_, "PRIMARY") where after.epoch > before.epoch:
            return "\(node) leads: PRIMARY at epoch \(after.epoch)"
        default:
            return "\(node): \(describe(before)) → \(describe(after))"
        }
    }

    /// One line per whole second of silence on a SECONDARY, from `last_leader_seen`.
    private func countdown(node: String, sample: NodeStatusSample, announced: inout [String: Int]) {
        guard sample.role == "SECONDARY", let silence = GoDurationText.nanoseconds(sample.lastLeaderSeen) else {
            announced[node] = nil
            return
        }
        let seconds = Int(silence / 1_000_000_000)
        guard seconds >= 1, seconds <= 4, seconds > announced[node] ?? 0 else {
            if seconds < 1 { announced[node] = nil }
            return
        }
        announced[node] = seconds
        let text =
            seconds < 2
            ? "lease expires in \(2 - seconds) s, then 2 s of grace"
            : seconds < 4
                ? "lease expired; \(4 - seconds) s of grace left before it promotes"
                : "grace over: it promotes at the next 100 ms check"
        say("\(node): no heartbeat for \(seconds) s — \(text)", at: sample.timeNanoseconds)
    }
}
