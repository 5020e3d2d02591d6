import FuzzSupport
import LabScenario

/// The scenario parser (`docs/scenarios.md`): YAML through Yams, then our reader and
/// validation. Invariants: no input traps (a bad file is a `ScenarioProblem`, never a crash),
/// a problem names the file, and parsing is deterministic: the same text gives the same
/// scenario or the same problem twice.
enum ScenarioFuzzTarget {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        let first = Result { () throws(ScenarioProblem) in try Scenario.parse(yaml: text, file: "fuzz.yaml") }
        if case .failure(let problem) = first {
            FuzzInvariant.require(
                "\(problem)".hasPrefix("fuzz.yaml"), "a problem that does not name the file: \(problem)")
        }
        let second = Result { () throws(ScenarioProblem) in try Scenario.parse(yaml: text, file: "fuzz.yaml") }
        FuzzInvariant.require(first == second, "two parses differ: \(first) vs \(second)")
    }
}
