import Foundation
import LabBench
import Synchronization

/// Writes the bench's progress to stderr while it runs: one updating line with a bar when
/// stderr is a terminal, a plain line every 5 s otherwise, nothing when quiet.
public final class BenchProgressReporter: Sendable {
    public enum Style: Sendable {
        case bar, lines, quiet

        /// A bar on a terminal, lines otherwise.
        public static var automatic: Style { isatty(2) == 1 ? .bar : .lines }
    }

    private struct Phase: Sendable {
        var label = ""
        var runStart = ContinuousClock.now
        var completedRuns = 0
        var running = false
    }

    public let counters = BenchProgressCounters()
    private let style: Style
    private let runLength: Duration
    private let warmup: Duration
    private let total: Duration
    private let phase = Mutex(Phase())
    private let task = Mutex<Task<Void, Never>?>(nil)

    public init(style: Style, configuration: BenchConfiguration) {
        self.style = style
        self.runLength = configuration.warmup + configuration.duration
        self.warmup = configuration.warmup
        self.total = configuration.timedPhase
    }

    /// A line outside the bar (daemon started, stores prepared): printed unless quiet.
    public func note(_ text: String) {
        switch style {
        case .quiet: return
        case .bar: Self.write("\r\u{1B}[K" + text + "\n")
        case .lines: Self.write(text + "\n")
        }
    }

    /// A timed run begins: its label (`snapshot A round 1/3`) and the counters start over.
    public func beginRun(_ label: String) {
        counters.reset()
        phase.withLock {
            $0.label = label
            $0.runStart = .now
            $0.running = true
        }
    }

    public func endRun() {
        phase.withLock {
            $0.completedRuns += 1
            $0.running = false
        }
    }

    public func start() {
        guard style != .quiet else { return }
        let interval: Duration = style == .bar ? .milliseconds(250) : .seconds(5)
        let started = Task.detached { [self] in
            var lastCount = 0
            var lastLabel = ""
            var lastInstant = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let current = phase.withLock { $0 }
                guard current.running else { continue }
                let now = ContinuousClock.now
                let count = counters.finishedOperations
                if current.label != lastLabel { (lastCount, lastLabel) = (0, current.label) }
                let seconds = max(0.001, (now - max(lastInstant, current.runStart)).secondsValue)
                let rate = Double(max(0, count - lastCount)) / seconds
                (lastCount, lastInstant) = (count, now)
                let inRun = min(now - current.runStart, runLength)
                let line = BenchProgressLine(
                    phase: current.label, warmingUp: inRun < warmup, elapsed: runLength * current.completedRuns + inRun,
                    total: total, operationsPerSecond: rate, errors: counters.failedOperations)
                Self.write(style == .bar ? "\r\u{1B}[K" + line.bar() : line.plain + "\n")
            }
        }
        task.withLock { $0 = started }
    }

    /// Stops the reporter and clears the bar.
    public func stop() async {
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        if style == .bar { Self.write("\r\u{1B}[K") }
    }

    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
