import Foundation
import LabCheckers

/// Reads a run folder back and runs checkers on it; writes `verdicts.json` beside the files.
public enum RunFolderCheck {
    public static let verdictsFile = "verdicts.json"
    /// Every checker, in report order.
    public static var standardCheckers: [any RunChecker] { StandardCheckers.all }

    public static func recording(folder: String) throws -> RunRecording {
        func read(_ name: String, required: Bool = false) throws -> [UInt8] {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                if required { throw LabError.folder("\(path) is missing: is \(folder) a run folder?") }
                return []
            }
            return Array(data)
        }
        let files = RunFiles(
            metadata: try read(RunFiles.metadataName, required: true),
            history: try read(RunFiles.historyName, required: true), status: try read(RunFiles.statusName),
            faults: try read(RunFiles.faultsName), journal: try read(RunFiles.journalName),
            resources: try read(RunFiles.resourcesName))
        do {
            return try RunRecording.parse(files: files)
        } catch {
            throw LabError.folder("\(folder): \(error.reason)")
        }
    }

    public static func check(folder: String, checkers: [any RunChecker]) throws -> [CheckResult] {
        let recording = try recording(folder: folder)
        let results = checkers.map { $0.check(recording) }
        let text = LabJSON.array(results.map(json)) + "\n"
        try? Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + verdictsFile))
        return results
    }

    static func json(_ result: CheckResult) -> String {
        LabJSON.object([
            ("checker", LabJSON.string(result.checker)), ("verdict", LabJSON.string(result.verdict.rawValue)),
            ("summary", LabJSON.string(result.summary)),
            ("figures", LabJSON.object(result.figures.map { ($0.name, LabJSON.number($0.value)) })),
            (
                "evidence",
                LabJSON.array(
                    result.evidence.map { item in
                        var members: [(String, String)] = [
                            ("kind", LabJSON.string(item.kind)), ("violation", item.isViolation ? "true" : "false"),
                            ("text", LabJSON.string(item.text)),
                            ("operations", LabJSON.array(item.operationIDs.map { String($0) })),
                        ]
                        if let start = item.startNanoseconds { members.append(("start_ns", String(start))) }
                        if let end = item.endNanoseconds { members.append(("end_ns", String(end))) }
                        return LabJSON.object(members)
                    })
            ),
        ])
    }
}
