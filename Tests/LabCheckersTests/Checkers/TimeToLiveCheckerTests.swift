import LabCore
import Testing

@testable import LabCheckers

@Suite struct TimeToLiveCheckerTests {
    let checker = TimeToLiveChecker()

    @Test func readWellAfterExpiryIsAViolation() {
        var fixture = FixtureBuilder()
        fixture.operation(.create, key: "session-1", at: 1.0, data: "x", ttlMilliseconds: 2_000)
        fixture.operation(.snapshot, key: "session-1", at: 2.5, read: "x")  // alive
        fixture.operation(.snapshot, key: "session-1", at: 3.5, read: "x")  // within the slack
        let late = fixture.operation(.snapshot, key: "session-1", at: 4.2, read: "x")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.map(\.operationIDs) == [[late]])
    }

    @Test func anUpdateWithATimeToLiveExtendsIt() {
        var fixture = FixtureBuilder()
        fixture.operation(.create, key: "session-1", at: 1.0, data: "x", ttlMilliseconds: 2_000)
        fixture.operation(.update, key: "session-1", at: 2.5, data: "y", ttlMilliseconds: 5_000)
        fixture.operation(.snapshot, key: "session-1", at: 6.0, read: "y")
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    @Test func storesWithoutATimeToLiveNeverExpireInARun() {
        var fixture = FixtureBuilder()
        fixture.operation(.create, key: "session-1", at: 1.0, data: "x")
        fixture.operation(.snapshot, key: "session-1", at: 600.0, read: "x")
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    @Test func clockSkewWidensTheSlack() {
        var fixture = FixtureBuilder()
        fixture.operation(.create, key: "session-1", at: 1.0, data: "x", ttlMilliseconds: 2_000)
        fixture.operation(.snapshot, key: "session-1", node: "node2", at: 5.0, read: "x")
        #expect(checker.check(fixture.recording).verdict == .violation)
        fixture.fault(.skew(target: "node2", seconds: -3), at: 0.5, targets: ["node2"])
        #expect(checker.check(fixture.recording).verdict == .ok)
    }
}
