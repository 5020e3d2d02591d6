import BunnyCore
import LabCore

extension Scenario {
    /// The scenario as it actually ran: every step that fired at the time it fired (seconds
    /// after the workload started, from `schedule.jsonl`), steps that never fired dropped. With
    /// the run's seed this repeats the experiment without depending on when events recur.
    ///
    /// Steps are numbered as the run numbered them: the file's first, then the chaos plan's.
    /// A chaos step is rebuilt from the fault words and narration the schedule recorded, not
    /// drawn again, so a replay does the faults that ran even if the plan was drawn with other
    /// settings. The replay has no `chaos:` section left.
    public func replaying(schedule: [UInt8]) throws(ScenarioProblem) -> Scenario {
        var timed: [(seconds: Double, index: Int, step: ScenarioStep)] = []
        var lineNumber = 0
        for line in schedule.split(separator: 0x0A) where !line.isEmpty {
            lineNumber += 1
            let place = "schedule.jsonl line \(lineNumber)"
            guard let object = try? JSONParser.parse(line).objectValue,
                case .number(let stepNumber)? = object["step"], let number = stepNumber.int64Value, number >= 1,
                case .number(let secondsNumber)? = object["workload_s"], let seconds = Double(secondsNumber.text)
            else {
                throw ScenarioProblem("\(place): expected {\"step\": N, \"workload_s\": S, …}")
            }
            let index = Int(number) - 1
            var step: ScenarioStep
            if index < steps.count {
                step = steps[index]
            } else {
                let words = object["fault"]?.stringValue
                let say = object["say"]?.stringValue
                guard words != nil || say != nil else {
                    throw ScenarioProblem("\(place): step \(number) is not in the file and has no fault or say")
                }
                var request: FaultRequest?
                if let words {
                    do {
                        request = try TimedFault.request(words: words)
                    } catch {
                        throw ScenarioProblem("\(place): fault \"\(words)\": \(error.message)")
                    }
                }
                step = ScenarioStep(trigger: .at(seconds: seconds), fault: request, faultText: words, say: say)
            }
            step.trigger = .at(seconds: seconds)
            timed.append((seconds, index, step))
        }
        var replay = self
        // One timeline of `at:` steps fires in order, so it must be sorted by time.
        replay.steps = timed.sorted { ($0.seconds, $0.index) < ($1.seconds, $1.index) }.map(\.step)
        replay.chaos = nil
        return replay
    }
}
