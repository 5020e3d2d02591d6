import LabCore
import Testing

@testable import LabCheckers

@Suite struct FailoverTimingCheckerTests {
    let checker = FailoverTimingChecker()

    @Test func noFailoverIsOkAndSaysSo() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.summary == "no failover happened")
        #expect(result.figure("failover.count") == 0)
    }

    @Test func promotionAbout4SecondsAfterTheLastHeartbeatIsOk() throws {
        var fixture = FixtureBuilder()
        let promotion = fixture.killFailover(killAt: 2.0, promotionAfter: 4.07)
        fixture.operation(.update, key: "k", node: "node2", at: promotion + 0.6, data: "x")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("failover.count") == 1)
        let seconds = try #require(result.figure("failover.1.promotion-seconds"))
        #expect(abs(seconds - 4.07) < 0.01)
        let firstWrite = try #require(result.figure("failover.1.first-write-seconds"))
        #expect(abs(firstWrite - 4.675) < 0.01)
    }

    @Test func lateFailoverIsAViolation() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0, promotionAfter: 5.2)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.first?.kind == "promotion-late")
        #expect(result.figure("failover.max-promotion-seconds").map { abs($0 - 5.2) < 0.01 } == true)
    }

    @Test func earlyFailoverIsAViolation() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0, promotionAfter: 2.5)
        #expect(checker.check(fixture.recording).evidence.first?.kind == "promotion-early")
    }

    @Test func withoutAJournalTheKillDatesTheOutage() throws {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0, promotionAfter: 4.07)
        fixture.journal = []
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)  // 4.07 s after the heartbeat at 1.9 s is 3.97 s after the kill: within the bracket
        let seconds = try #require(result.figure("failover.1.promotion-seconds"))
        #expect(abs(seconds - 3.97) < 0.01)
    }

    @Test func aNarrowerExpectedWindowIsConfigurable() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0, promotionAfter: 4.4)
        #expect(FailoverTimingChecker(expectedPromotion: 4.0...4.2).check(fixture.recording).verdict == .violation)
        #expect(checker.check(fixture.recording).verdict == .ok)
    }
}
