import Testing

@testable import LabCheckers

@Suite struct CheckReportTests {
    @Test func standardCheckersAreListedInOrder() {
        #expect(
            StandardCheckers.all.map(\.name) == [
                "lost-updates", "failover-timing", "epoch-fencing", "lock-exclusion", "linearizability",
                "no-resurrection", "ttl",
                "named-stores", "auction", "resources",
            ])
    }

    @Test func reportRunsEveryCheckerAndRendersTheTable() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.create, key: "cart-0", at: 0.2, workload: "cart", data: "[]")
        for step in 0..<12 {
            fixture.operation(
                .completeModify, key: "cart-0", at: 0.5 + Double(step) * 0.1, workload: "cart", item: "item-\(step)")
        }
        fixture.operation(.snapshot, key: "cart-0", at: 4.5, workload: "final", read: "[]")
        let report = CheckReport.run(on: fixture.recording)
        #expect(report.results.count == StandardCheckers.all.count)
        #expect(report.verdict == .violation)
        let text = report.renderText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("checker") == true)
        #expect(lines.contains { $0.hasPrefix("lost-updates     violation  12 of 13 acknowledged updates lost") })
        #expect(lines.filter { $0.hasPrefix("    ✗") }.count == 10)
        #expect(lines.contains("    … 2 more"))
        #expect(lines.contains { $0.hasPrefix("failover-timing  ok") })
        #expect(lines.last == "overall: violation")
    }
}
