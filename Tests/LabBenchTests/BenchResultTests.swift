import Foundation
import Testing

@testable import LabBench

@Suite struct BenchResultTests {
    static let window = BenchWindow(startNanoseconds: 0, endNanoseconds: 1_000_000_000, countsByDueTime: false)

    /// A run whose operations all took `microseconds`, `count` of them, plus `failures`.
    static func run(
        target: Int, round: Int, _ operation: BenchOperation, count: Int, microseconds: Int64, failures: Int = 0
    ) -> BenchRunResult {
        var measurement = BenchMeasurement(window: window)
        for index in 0..<count {
            measurement.record(
                operation, inMix: false, failureKey: nil, requests: 1, startedAt: Int64(index),
                completedAt: Int64(index) + microseconds * 1000)
        }
        for _ in 0..<failures {
            measurement.record(
                operation, inMix: false, failureKey: "409 StoreLocked", requests: 1, startedAt: 0, completedAt: 5)
        }
        return BenchRunResult(
            targetIndex: target, target: target == 0 ? "/a/bbd" : "/b/bbd", round: round, operation: operation,
            mode: .closedLoop, connections: 2, measurement: measurement)
    }

    @Test func percentilesFromTheHistogram() {
        var histogram = BenchLatencyHistogram()
        for microseconds in 1...1000 { histogram.record(nanoseconds: Int64(microseconds) * 1000) }
        let summary = histogram.summary
        #expect(summary.count == 1000)
        #expect(abs(summary.p50 - 500) <= 1)
        #expect(abs(summary.p90 - 900) <= 1)
        #expect(abs(summary.p99 - 990) <= 1)
        #expect(abs(summary.p999 - 999) <= 1)
        #expect(abs(summary.max - 1000) <= 1)
        histogram.record(nanoseconds: -5)
        histogram.record(nanoseconds: Int64.max)
        #expect(histogram.count == 1002)
    }

    @Test func mediansAcrossRoundsAndRatios() {
        let results = [
            Self.run(target: 0, round: 1, .snapshot, count: 100, microseconds: 10),
            Self.run(target: 1, round: 1, .snapshot, count: 50, microseconds: 20, failures: 2),
            Self.run(target: 1, round: 2, .snapshot, count: 70, microseconds: 30),
            Self.run(target: 0, round: 2, .snapshot, count: 300, microseconds: 50),
            Self.run(target: 0, round: 3, .snapshot, count: 200, microseconds: 40),
            Self.run(target: 1, round: 3, .snapshot, count: 60, microseconds: 40),
        ]
        let summary = BenchSummaryRow.rows(results)
        #expect(summary.map(\.targetIndex) == [0, 1])
        #expect(summary[0].medianOperationsPerSecond == 200)
        #expect(summary[1].medianOperationsPerSecond == 60)
        #expect(summary[1].failuresByKey == ["409 StoreLocked": 2])
        #expect(abs(summary[0].medianLatency.p50 - 40) < 0.1)
        let comparison = BenchComparisonRow.rows(summary)
        #expect(comparison.count == 1)
        #expect(comparison[0].operationsPerSecondRatio == 0.3)
        #expect(abs((comparison[0].p50Ratio ?? 0) - 0.75) < 0.01)
        let table = BenchTable.comparison(comparison)
        #expect(table.contains("0.30×"))
        #expect(BenchSummaryRow.median([4, 1, 3, 2]) == 2.5)
        #expect(BenchSummaryRow.median([]) == 0)
    }

    @Test func tablesShowEveryRunAndTheErrors() {
        let table = BenchTable.runs([
            Self.run(target: 0, round: 1, .update, count: 12_345, microseconds: 10, failures: 3)
        ])
        let lines = table.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("operation"))
        #expect(lines[1].contains("12 345"))
        #expect(lines[1].contains("409 StoreLocked: 3"))
    }

    @Test func jsonHasEveryPart() throws {
        var arguments = BenchArguments()
        arguments.daemonPath = "/a/bbd"
        arguments.comparedDaemonPath = "/b/bbd"
        arguments.operations = "snapshot"
        let configuration = try BenchConfiguration(arguments)
        let text = BenchReportJSON.render(
            configuration: configuration,
            results: [
                Self.run(target: 0, round: 1, .snapshot, count: 10, microseconds: 10),
                Self.run(target: 1, round: 1, .snapshot, count: 5, microseconds: 10, failures: 1),
            ],
            context: .init(loadAverageBefore: [1, 2, 3], loadAverageAfter: nil, startedAt: "now", host: "h\"x"))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["host"] as? String == "h\"x")
        #expect((document["load_average_before"] as? [Double]) == [1, 2, 3])
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 2)
        #expect(runs[1]["successes"] as? Int == 5)
        #expect((runs[1]["errors"] as? [String: Int]) == ["409 StoreLocked": 1])
        let latency = try #require(runs[0]["latency_us"] as? [String: Any])
        #expect(Set(latency.keys) == ["count", "p50", "p90", "p99", "p999", "max", "mean"])
        let comparison = try #require(document["comparison"] as? [[String: Any]])
        #expect(comparison.first?["ops_per_s_ratio"] as? Double == 0.5)
        let settings = try #require(document["configuration"] as? [String: Any])
        #expect(settings["rounds"] as? Int == 3)
        #expect((settings["mix_percent"] as? [String: Int])?["snapshot"] == 60)
    }

    @Test func progressLine() {
        let line = BenchProgressLine(
            phase: "snapshot A round 1/3", warmingUp: false, elapsed: .seconds(30), total: .seconds(72),
            operationsPerSecond: 54_321.4, errors: 1)
        #expect(line.bar(width: 10) == "[####------]  41%  snapshot A round 1/3  54 321 ops/s  1 error  42s left")
        #expect(line.plain.hasPrefix("41%  snapshot"))
        #expect(BenchProgressLine.format(seconds: 125) == "2m05s")
    }

    @Test func numberFormats() {
        #expect(BenchNumberFormat.grouped(1_234_567) == "1 234 567")
        #expect(BenchNumberFormat.grouped(999) == "999")
        #expect(BenchNumberFormat.decimal(12.345, 1) == "12.3")
        #expect(BenchNumberFormat.decimal(0.05, 1) == "0.1")
        #expect(BenchNumberFormat.decimal(-2.5, 0) == "-3")
        #expect(BenchNumberFormat.ratio(nil) == "-")
        #expect(BenchReportJSON.number(0.1235) == "0.1235")
        #expect(BenchReportJSON.number(3) == "3")
    }
}
