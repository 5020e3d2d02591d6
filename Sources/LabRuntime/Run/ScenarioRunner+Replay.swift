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
        var replay = try scenario.replaying(schedule: Array(schedule))
        replay.name += "-replay"
        var seed: UInt64?
        if let parameters = FileManager.default.contents(atPath: folder + "/" + WorkloadRun.parametersFile),
            case .number(let number)? = (try? JSONParser.parse(Array(parameters)))?.objectValue?["seed"]
        {
            seed = number.uint64Value
        }
        return (replay, source, seed)
    }
}
