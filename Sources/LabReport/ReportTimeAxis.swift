import LabCheckers

/// The time axis every chart of the timeline shares: lab-clock nanoseconds to x pixels, the
/// tick marks, and the bin width used for rates and throughput.
struct ReportTimeAxis {
    /// Seconds on the axis count from here.
    let origin: Int64
    /// The recorded span: first to last status sample, operation or fault.
    let start: Int64
    let end: Int64
    /// Pixels of the plotting area.
    let left: Double
    let width: Double
    /// Width of one bin for counted series: 100 ms, or more for long runs so there are at
    /// most about 250 bins.
    let binNanoseconds: Int64

    init(recording: RunRecording, origin: ReportTimeOrigin, left: Double, width: Double) {
        // The span of the run's own events: status samples, operations, faults. The journal
        // counts only when there are none of those (it also holds the start-up probes, long
        // before anything happens).
        var times: [Int64] = []
        if let first = recording.status.first?.timeNanoseconds { times.append(first) }
        if let last = recording.status.last?.timeNanoseconds { times.append(last) }
        if let first = recording.faults.first?.timeNanoseconds { times.append(first) }
        if let last = recording.faults.last?.timeNanoseconds { times.append(last) }
        if let first = recording.history.map(\.invokeNanoseconds).min() { times.append(first) }
        if let last = recording.history.map(\.completeNanoseconds).max() { times.append(last) }
        if times.isEmpty {
            if let first = recording.journal.first?.timeNanoseconds { times.append(first) }
            if let last = recording.journal.last?.timeNanoseconds { times.append(last) }
        }
        let start = times.min() ?? 0
        let end = max(times.max() ?? 1_000_000_000, start + 1_000_000_000)
        self.start = start
        self.end = end
        switch origin {
        case .runStart: self.origin = 0
        case .firstOperation: self.origin = recording.history.map(\.invokeNanoseconds).min() ?? 0
        }
        self.left = left
        self.width = width
        let niceBins: [Int64] = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000]
        let wanted = (end - start) / 250
        self.binNanoseconds = (niceBins.first { $0 * 1_000_000 >= wanted } ?? 3_600_000) * 1_000_000
    }

    var right: Double { left + width }

    func x(_ time: Int64) -> Double {
        let clamped = min(max(time, start), end)
        return left + Double(clamped - start) / Double(end - start) * width
    }

    var binCount: Int { Int((end - start) / binNanoseconds) + 1 }

    func bin(of time: Int64) -> Int? {
        guard time >= start, time <= end else { return nil }
        return Int((time - start) / binNanoseconds)
    }

    func binStart(_ index: Int) -> Int64 { start + Int64(index) * binNanoseconds }

    /// Tick instants (round seconds from the origin) with their labels, about every 80 px.
    var ticks: [(time: Int64, label: String)] {
        let spanSeconds = Double(end - start) / 1e9
        let steps: [Double] = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600]
        let step = steps.first { spanSeconds / $0 <= width / 80 } ?? 7200
        let stepNanoseconds = Int64(step * 1e9)
        var tick = Int64((Double(start - origin) / Double(stepNanoseconds)).rounded(.up)) * stepNanoseconds + origin
        var result: [(Int64, String)] = []
        while tick <= end {
            let decimals = step < 1 ? 1 : 0
            result.append((tick, ReportNumber.fixed(Double(tick - origin) / 1e9, decimals) + " s"))
            tick += stepNanoseconds
        }
        return result
    }

    /// Seconds on this axis, for labels: `6.212 s`.
    func label(_ time: Int64) -> String { ReportNumber.seconds(time, from: origin) + " s" }
}
