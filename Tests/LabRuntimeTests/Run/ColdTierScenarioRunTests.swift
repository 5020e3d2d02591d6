import Foundation
import LabCheckers
import LabCore
import LabRuntime
import LabScenario
import Testing

/// The shipped cold-tier scenario (`Scenarios/19-cold-tier-under-memory-pressure.yaml`), a
/// little shorter, against real daemons: both nodes run with a small hot limit, most stores
/// lie on disk (the status timeline shows it), a failover and a join happen, and the checkers
/// find nothing: no unexplained loss, linearizable registers, TTLs kept, nothing resurrected.
// Part of LabClusterTests' serialized suite (real pairs must not overlap on 2 cores).
extension LabClusterTests {
    @Test func theColdTierScenarioHoldsAcrossAFailover() async throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/19-cold-tier-under-memory-pressure.yaml").path
        let source = try String(contentsOfFile: path, encoding: .utf8)
        var scenario = try Scenario.parse(yaml: source, file: path)
        scenario.durationSeconds = 13
        let root = LabTest.makeFolder()
        var base = try LabTest.options(folder: root + "/" + scenario.name)
        base.seed = 19
        let result = await ScenarioRunner.run(
            scenario, source: source, base: base, narrate: false, progress: { print("cold tier: \($0)") })
        #expect(result.failure == nil, "\(result.failure ?? "")")
        for checker in ["lost-updates", "linearizability", "ttl", "no-resurrection", "epoch-fencing"] {
            let check = try #require(result.checks.first { $0.checker == checker }, "no \(checker) verdict")
            #expect(check.verdict == .ok, "\(checker): \(check.summary)")
        }

        // The tier was really used: on some node most stores were cold at some point.
        let timelines = (FileManager.default.enumerator(atPath: result.folder)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(LabCluster.Files.timeline) }
        #expect(!timelines.isEmpty, "no status timeline in \(result.folder)")
        let lines = try timelines.flatMap {
            try String(contentsOfFile: result.folder + "/" + $0, encoding: .utf8).split(separator: "\n")
        }
        let coldCounts = lines.compactMap { line -> Int? in
            guard let range = line.range(of: #""cold_store_count":"#) else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
        #expect((coldCounts.max() ?? 0) > 2_000, "largest cold count \(coldCounts.max() ?? -1)")
        LabTest.removeFolder(root)
    }
}
