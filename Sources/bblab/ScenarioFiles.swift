import Foundation
import LabRuntime
import LabScenario

/// Finds and reads scenario files: folders expand to their `*.yaml` / `*.yml` files in name order.
enum ScenarioFiles {
    /// Every file named, and the `*.yaml` of every folder named (`fromFolder` true).
    static func expand(_ paths: [String]) throws -> [(file: String, fromFolder: Bool)] {
        var files: [(file: String, fromFolder: Bool)] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ScenarioProblem("\(path): no such file or folder")
            }
            if isFolder.boolValue {
                let entries = try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                guard !entries.isEmpty else {
                    throw ScenarioProblem("\(path): no *.yaml scenario files in this folder")
                }
                files += entries.map { ((path as NSString).appendingPathComponent($0), true) }
            } else {
                files.append((path, false))
            }
        }
        return files
    }

    /// A saved scenario run for `--replay` (see ``ScenarioRunner/loadReplay(folder:)``).
    static func loadReplay(_ folder: String) throws -> (Scenario, String, UInt64?) {
        let replay = try ScenarioRunner.loadReplay(folder: folder)
        return (replay.scenario, replay.source, replay.seed)
    }

    static func load(_ file: String) throws -> (Scenario, String) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ScenarioProblem("\(file): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ScenarioProblem("\(file): not UTF-8 text") }
        return (try Scenario.parse(yaml: text, file: file), text)
    }
}
