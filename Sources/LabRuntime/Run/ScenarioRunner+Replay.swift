import BunnyCore
import Foundation
import LabScenario

extension ScenarioRunner {
    /// A saved scenario run, ready to run again (`bblab run --replay`): its `scenario.yaml` with
    /// every step that fired moved to the time it fired (named `<name>-replay`), the file's
    /// text, and the run's seed from `run.json`.
    public static func loadReplay(folder: String) throws -> (scenario: Scenario, source: String, seed: UInt64?) {
        let path = folder + "/" + scenarioCopyFile
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioProblem("\(folder): no \(scenarioCopyFile); is it a scenario run folder?")
        }
        let source = String(decoding: data, as: UTF8.self)
        let scenario = try Scenario.parse(yaml: source, file: path)
        guard let schedule = FileManager.default.contents(atPath: folder + "/" + WorkloadRun.scheduleFile) else {
            throw ScenarioProblem("\(folder): no \(WorkloadRun.scheduleFile); is it a scenario run folder?")
        }
        var seed: UInt64?
        var ran = scenario
        if let parameters = FileManager.default.contents(atPath: folder + "/" + WorkloadRun.parametersFile),
            let object = (try? JSONParser.parse(Array(parameters)))?.objectValue
        {
            if case .number(let number)? = object["seed"] { seed = number.uint64Value }
            // A `--duration` override: the replay runs as long as the run did.
            if case .number(let number)? = object["duration_s"], let seconds = Double(number.text), seconds > 0 {
                ran.durationSeconds = seconds
            }
        }
        var replay = try ran.replaying(schedule: Array(schedule))
        replay.name += "-replay"
        return (replay, source, seed)
    }
}
