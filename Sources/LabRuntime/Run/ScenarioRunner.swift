import Foundation
import LabCheckers
import LabCore
import LabScenario

/// Runs one scenario file: a fresh lab in its own folder, the workloads and steps, the
/// restore and final reads, then every checker and the scenario's expectations.
public enum ScenarioRunner {
    public static let scenarioCopyFile = "scenario.yaml"
    public static let expectationsFile = "expectations.json"

    public struct Result: Sendable {
        public var scenario: Scenario
        public var folder: String
        public var checks: [CheckResult]
        public var expectations: [ExpectationOutcome]
        public var notes: [String]
        /// Set when the run itself failed (the lab did not come up, …): exit status 2.
        public var failure: String?
        /// `report.html`, once written.
        public var report: String?

        /// The scenario's verdict: a violated expectation, or a checker's violation the scenario
        /// does not explicitly allow (with `verdicts:` or `linearizable: false`), wins; then
        /// unknown; else ok.
        public var verdict: CheckVerdict {
            if failure != nil { return .unknown }
            var allowed: Set<String> = []
            for expectation in scenario.expectations {
                switch expectation {
                case .verdict(let checker, _): allowed.insert(checker)
                case .linearizable: allowed.insert("linearizability")
                default: break
                }
            }
            let unexpected = checks.filter { $0.verdict == .violation && !allowed.contains($0.checker) }
            if !unexpected.isEmpty { return .violation }
            return expectations.map(\.verdict).max() ?? .ok
        }
    }

    public static func run(
        _ scenario: Scenario, source: String, base: LabOptions, narrate: Bool,
        progress: @escaping @Sendable (String) -> Void
    ) async -> Result {
        var lab = base
        lab.pairs = scenario.pairs
        lab.extraDaemonFlags = base.extraDaemonFlags + scenario.daemonFlags
        var options = WorkloadRunOptions(
            lab: lab, workloads: scenario.workloads, duration: .nanoseconds(Int64(scenario.durationSeconds * 1e9)),
            steps: scenario.steps)
        options.quietPeriod = .nanoseconds(Int64(scenario.quietSeconds * 1e9))
        options.narrate = narrate
        options.scenarioName = scenario.name
        if let plan = scenario.chaosPlan(runSeed: lab.seed) {
            options.chaosSteps = plan.steps
            let kinds = plan.countsByKind.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
            progress(
                "chaos: \(plan.faults.count) faults drawn from seed \(plan.seed)\(kinds.isEmpty ? "" : ": " + kinds)")
        }
        var result = Result(scenario: scenario, folder: lab.folder, checks: [], expectations: [], notes: [])
        do {
            try FileManager.default.createDirectory(atPath: lab.folder, withIntermediateDirectories: true)
            try Data(source.utf8).write(to: URL(fileURLWithPath: lab.folder + "/" + scenarioCopyFile))
            if narrate && !scenario.explanation.isEmpty {
                for line in ScenarioExplanation.wrap(scenario.explanation.trimmingNewlines, indent: "").split(
                    separator: "\n", omittingEmptySubsequences: false)
                {
                    progress(String(line))
                }
            }
            let outcome = try await WorkloadRun.execute(options, progress: progress)
            result.folder = outcome.folder
            result.notes = outcome.notes
            try judge(&result, restoreNanoseconds: outcome.restoreNanoseconds)
            result.report = try? RunReportWriter.writeReport(
                folder: result.folder, title: scenario.title, description: scenario.explanation.trimmingNewlines)
            _ = try? RunReportWriter.writeIndex(parent: (result.folder as NSString).deletingLastPathComponent)
        } catch {
            result.failure = "\(error)"
        }
        return result
    }

    /// Runs the checkers on the folder and evaluates the scenario's expectations; writes
    /// `verdicts.json` and `expectations.json`.
    public static func judge(_ result: inout Result, restoreNanoseconds: Int64?) throws {
        result.checks = try RunFolderCheck.check(folder: result.folder, checkers: RunFolderCheck.standardCheckers)
        let recording = try RunFolderCheck.recording(folder: result.folder)
        result.expectations = ExpectationEvaluator(
            results: result.checks, recording: recording, restoreNanoseconds: restoreNanoseconds
        ).evaluate(result.scenario.expectations)
        let text = LabJSON.array(
            result.expectations.map { outcome in
                LabJSON.object([
                    ("expectation", LabJSON.string(outcome.expectation.description)),
                    ("verdict", LabJSON.string(outcome.verdict.rawValue)), ("detail", LabJSON.string(outcome.detail)),
                ])
            })
        try? Data((text + "\n").utf8).write(
            to: URL(fileURLWithPath: result.folder + "/" + expectationsFile))
    }

    /// Re-judges a saved scenario run (`bblab check` on a folder with `scenario.yaml`).
    public static func rejudge(folder: String) throws -> Result? {
        let path = folder + "/" + scenarioCopyFile
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let scenario = try Scenario.parse(yaml: String(decoding: data, as: UTF8.self), file: path)
        var result = Result(scenario: scenario, folder: folder, checks: [], expectations: [], notes: [])
        try judge(&result, restoreNanoseconds: RunParameters.restoreNanoseconds(folder: folder))
        return result
    }
}

/// Reads back what `run.json` recorded.
enum RunParameters {
    static func restoreNanoseconds(folder: String) -> Int64? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + WorkloadRun.parametersFile),
            let text = String(data: data, encoding: .utf8),
            let range = text.range(of: "\"restore_ns\":")
        else { return nil }
        return Int64(text[range.upperBound...].prefix { $0.isNumber })
    }
}
