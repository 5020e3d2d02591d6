/// Checker `resources`: what a long run must not do to the processes, from `resources.jsonl`.
///
/// **Proves**, from the samples the lab took:
/// - **no crash**: no daemon process ended on its own (every exit was the lab's kill, restart
///   or final SIGTERM);
/// - **no memory growth** (workloads of at least ``minimumJudgedSeconds``): for each node, the
///   mean resident memory over the last sixth of the workload is at most the mean over its
///   second sixth (minutes 5–10 of a 30-minute run) × (1 + ``growthTolerance``) +
///   ``growthAllowanceKilobytes``. The first sixth is left out: stores, pools and caches fill
///   up there. A restart resets a daemon's memory, so it can hide growth but never fake it;
/// - **no leak in the lab**: once torn down, the lab holds no more file descriptors and child
///   processes than before it started.
///
/// `unknown` when the run has no samples (older runs, or a lab that never came up).
public struct ResourceChecker: RunChecker {
    public let name = "resources"
    public static let minimumJudgedSeconds = 120.0
    public static let growthTolerance = 0.10
    public static let growthAllowanceKilobytes: Int64 = 8 * 1024

    public init() {}

    public func check(_ recording: RunRecording) -> CheckResult {
        let samples = recording.resources
        let nodeSamples = samples.filter { $0.event == .node }
        guard !nodeSamples.isEmpty else {
            return CheckResult(checker: name, verdict: .unknown, summary: "no resource samples (resources.jsonl)")
        }
        var evidence: [CheckEvidence] = []
        var figures: [CheckFigure] = []
        var parts: [String] = []

        // Crashes: the count is cumulative per node, so its largest value is the total.
        var crashes = 0
        for node in recording.nodes.map(\.name) {
            let mine = nodeSamples.filter { $0.node == node }
            let exits = mine.map(\.unexpectedExits).max() ?? 0
            crashes += exits
            if exits > 0, let first = mine.first(where: { $0.unexpectedExits > 0 }) {
                evidence.append(
                    CheckEvidence(
                        kind: "daemon-crash",
                        text:
                            "\(node) exited on its own \(exits) time(s); first seen at \(TimeText.seconds(first.timeNanoseconds))",
                        startNanoseconds: first.timeNanoseconds, isViolation: true))
            }
            if let most = mine.compactMap(\.residentKilobytes).max() {
                figures.append(CheckFigure("memory.\(node).max-mb", Double(most) / 1024))
            }
        }
        figures.append(CheckFigure("daemons.unexpected-exits", Double(crashes)))
        parts.append(crashes == 0 ? "no daemon crashed" : "\(crashes) daemon crash(es)")

        // Memory growth between the second and the last sixth of the workload.
        let start = samples.first { $0.event == .workload && $0.phase == "start" }?.timeNanoseconds
        let end = samples.first { $0.event == .workload && $0.phase == "end" }?.timeNanoseconds
        if let start, let end, Double(end - start) / 1e9 >= Self.minimumJudgedSeconds {
            let sixth = (end - start) / 6
            var grown: [String] = []
            for node in recording.nodes.map(\.name) {
                let mine = nodeSamples.filter { $0.node == node }
                guard let early = Self.mean(mine, from: start + sixth, to: start + 2 * sixth),
                    let late = Self.mean(mine, from: end - sixth, to: end)
                else { continue }
                figures.append(CheckFigure("memory.\(node).early-mb", early / 1024))
                figures.append(CheckFigure("memory.\(node).late-mb", late / 1024))
                let bound = early * (1 + Self.growthTolerance) + Double(Self.growthAllowanceKilobytes)
                if late > bound {
                    grown.append(node)
                    evidence.append(
                        CheckEvidence(
                            kind: "memory-growth",
                            text:
                                "\(node): mean resident memory \(Self.megabytes(late)) over the last sixth of the workload, \(Self.megabytes(early)) over the second sixth (bound \(Self.megabytes(bound)))",
                            startNanoseconds: start + sixth, endNanoseconds: end, isViolation: true))
                }
            }
            parts.append(grown.isEmpty ? "no memory growth" : "memory grew on \(grown.joined(separator: ", "))")
        } else {
            parts.append("memory growth not judged (workload under \(Int(Self.minimumJudgedSeconds)) s)")
        }

        // The lab's own descriptors and children, before and after.
        let before = samples.first { $0.event == .lab && $0.phase == "before" }
        let after = samples.first { $0.event == .lab && $0.phase == "after" }
        if let before, let after, let fdsBefore = before.openFileDescriptors, let fdsAfter = after.openFileDescriptors,
            let childrenBefore = before.childProcesses, let childrenAfter = after.childProcesses
        {
            figures += [
                CheckFigure("lab.fds-before", Double(fdsBefore)), CheckFigure("lab.fds-after", Double(fdsAfter)),
                CheckFigure("lab.children-before", Double(childrenBefore)),
                CheckFigure("lab.children-after", Double(childrenAfter)),
            ]
            if fdsAfter > fdsBefore {
                evidence.append(
                    CheckEvidence(
                        kind: "fd-leak",
                        text:
                            "the lab held \(fdsBefore) file descriptors before and \(fdsAfter) after teardown; left open: \(after.descriptorsAdded.joined(separator: ", "))",
                        startNanoseconds: after.timeNanoseconds, isViolation: true))
            }
            if childrenAfter > childrenBefore {
                evidence.append(
                    CheckEvidence(
                        kind: "process-leak",
                        text:
                            "the lab had \(childrenBefore) child processes before and \(childrenAfter) after teardown",
                        startNanoseconds: after.timeNanoseconds, isViolation: true))
            }
            parts.append(
                fdsAfter > fdsBefore || childrenAfter > childrenBefore
                    ? "the lab leaked"
                    : "lab fds \(fdsBefore) → \(fdsAfter), children \(childrenBefore) → \(childrenAfter)")
        }
        let verdict: CheckVerdict = evidence.contains(where: \.isViolation) ? .violation : .ok
        return CheckResult(
            checker: name, verdict: verdict, summary: parts.joined(separator: "; "), evidence: evidence,
            figures: figures)
    }

    /// The mean resident memory (kB) of the samples in `[from, to]` that have one.
    static func mean(_ samples: [ResourceObservation], from: Int64, to: Int64) -> Double? {
        let values = samples.filter { $0.timeNanoseconds >= from && $0.timeNanoseconds <= to }.compactMap(
            \.residentKilobytes)
        guard !values.isEmpty else { return nil }
        return Double(values.reduce(0, +)) / Double(values.count)
    }

    static func megabytes(_ kilobytes: Double) -> String {
        "\(Double(Int((kilobytes / 1024 * 10).rounded())) / 10) MiB"
    }
}
