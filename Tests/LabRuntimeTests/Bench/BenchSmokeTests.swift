import Foundation
import LabRuntime
import TestSupport
import Testing

/// `bblab bench` end to end: the real binary against a daemon it starts, a short closed-loop
/// run, then its JSON. No timing assertions (the figures belong in docs/performance.md).
// Part of LabClusterTests' serialized suite: the bench's load must not overlap other real
// daemons' tests on 2 cores.
extension LabClusterTests {
    @Test(.ownThreads) func benchSmokeRunWritesAJSONWithSuccesses() throws {
        let daemon = try #require(LabTest.daemon, "bbd is not built next to the tests")
        let bblab = URL(fileURLWithPath: daemon).deletingLastPathComponent().appendingPathComponent("bblab").path
        try #require(FileManager.default.isExecutableFile(atPath: bblab), "bblab is not built next to bbd")
        let folder = LabTest.makeFolder()
        defer { LabTest.removeFolder(folder) }
        let json = folder + "/bench.json"
        let bench = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "bench", executablePath: bblab,
                arguments: [
                    "bench", "--bbd", daemon, "--operations", "snapshot,modify,mix", "--connections", "2",
                    "--duration", "1s", "--warmup", "200ms", "--stores", "20", "--json", json, "--quiet",
                ], logFilePath: folder + "/bench.log", workingFolder: folder + "/bench"))
        try bench.start()
        let status = bench.waitForExit(timeout: .seconds(90))
        if status == nil { bench.kill() }
        let output = (try? String(contentsOfFile: folder + "/bench.log", encoding: .utf8)) ?? ""
        try #require(status == .code(0), "bblab bench ended with \(String(describing: status)):\n\(output)")
        #expect(output.contains("operation"), "no table on stdout:\n\(output)")

        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.map { $0["operation"] as? String } == ["snapshot", "modify", "mix"])
        for run in runs {
            let successes = run["successes"] as? Int ?? 0
            #expect(successes > 0, "no successes in \(run)")
            let latency = run["latency_us"] as? [String: Any]
            #expect((latency?["p50"] as? Double ?? 0) > 0, "no latency in \(run)")
        }
        let mix = try #require(runs.last?["components"] as? [[String: Any]])
        #expect(mix.count == 5)

        // A bad flag: a clear message and exit code 2, before anything starts.
        let refused = NodeProcess(
            configuration: NodeProcessConfiguration(
                name: "refused", executablePath: bblab, arguments: ["bench", "--connections", "0"],
                logFilePath: folder + "/refused.log", workingFolder: folder + "/refused"))
        try refused.start()
        #expect(refused.waitForExit(timeout: .seconds(30)) == .code(2))
        let message = (try? String(contentsOfFile: folder + "/refused.log", encoding: .utf8)) ?? ""
        #expect(message.contains("--connections must be 1-4096"), "\(message)")
    }
}
