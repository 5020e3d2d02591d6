import BunnyCore

extension Scenario {
    /// The scenario as it actually ran: every step that fired at the time it fired (seconds
    /// after the workload started, from `schedule.jsonl`), steps that never fired dropped. With
    /// the run's seed this repeats the experiment without depending on when events recur.
    ///
    /// Steps are numbered as the run numbered them: the file's, then the chaos plan's drawn
    /// with `runSeed` (a pure function of the seed, so the same plan). The replay has no
    /// `chaos:` section left: its drawn faults are ordinary steps at the times they fired.
    public func replaying(schedule: [UInt8], runSeed: UInt64 = 1) throws(ScenarioProblem) -> Scenario {
        var fired: [Int: Double] = [:]
        var lineNumber = 0
        for line in schedule.split(separator: 0x0A) where !line.isEmpty {
            lineNumber += 1
            guard let object = try? JSONParser.parse(line).objectValue,
                case .number(let stepNumber)? = object["step"], let step = stepNumber.int64Value,
                case .number(let secondsNumber)? = object["workload_s"], let seconds = Double(secondsNumber.text)
            else {
                throw ScenarioProblem("schedule.jsonl line \(lineNumber): expected {\"step\": N, \"workload_s\": S, …}")
            }
            fired[Int(step)] = seconds
        }
        var replay = self
        let timed = allSteps(runSeed: runSeed).enumerated().compactMap { index, step -> (Double, Int, ScenarioStep)? in
            guard let seconds = fired[index + 1] else { return nil }
            var copy = step
            copy.trigger = .at(seconds: seconds)
            return (seconds, index, copy)
        }
        // One timeline of `at:` steps fires in order, so it must be sorted by time.
        replay.steps = timed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        replay.chaos = nil
        return replay
    }
}
