import LabCore
import Testing

@testable import LabCheckers

@Suite struct LockExclusionCheckerTests {
    let checker = LockExclusionChecker()

    static func begin(
        _ fixture: inout FixtureBuilder, lock: String, at seconds: Double, client: Int, duration: Double = 0.01
    )
        -> Int
    {
        fixture.operation(
            .beginModify, key: "rmw-0", at: seconds, duration: duration, client: client, read: "0", lock: lock)
    }

    static func complete(_ fixture: inout FixtureBuilder, lock: String, at seconds: Double, client: Int) {
        fixture.operation(.completeModify, key: "rmw-0", at: seconds, client: client, data: "1", lock: lock)
    }

    @Test func locksTakenOneAfterAnotherAreOk() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        _ = Self.begin(&fixture, lock: "a", at: 1.0, client: 1)
        Self.complete(&fixture, lock: "a", at: 1.05, client: 1)
        _ = Self.begin(&fixture, lock: "b", at: 1.07, client: 2)
        Self.complete(&fixture, lock: "b", at: 1.1, client: 2)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.figure("locks.granted") == 2)
    }

    @Test func twoClientsHoldingOneStoreLockAtOnceIsAViolation() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        let first = Self.begin(&fixture, lock: "a", at: 1.0, client: 1)
        let second = Self.begin(&fixture, lock: "b", at: 1.1, client: 2)
        Self.complete(&fixture, lock: "a", at: 1.3, client: 1)
        Self.complete(&fixture, lock: "b", at: 1.35, client: 2)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.first?.kind == "lock-overlap")
        #expect(result.evidence.first?.operationIDs == [first, second])
    }

    @Test func aLockExpiredAfter500MillisecondsMayBeTakenOver() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        _ = Self.begin(&fixture, lock: "a", at: 1.0, client: 1)
        _ = Self.begin(&fixture, lock: "b", at: 1.5, client: 2)
        Self.complete(&fixture, lock: "a", at: 1.8, client: 1)
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    @Test func overlapOnlyWithinTheBracketsIsNotFlagged() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        _ = Self.begin(&fixture, lock: "a", at: 1.0, client: 1, duration: 0.2)
        Self.complete(&fixture, lock: "a", at: 1.15, client: 1)
        _ = Self.begin(&fixture, lock: "b", at: 1.1, client: 2)  // granted before a surely was
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    @Test func lockOperationInsideTheLockStateUnknownWindowIsAViolation() {
        var fixture = FixtureBuilder()
        let promotion = fixture.killFailover()
        let inside = fixture.operation(
            .beginModify, key: "rmw-0", node: "node2", at: promotion + 0.2, read: "0", lock: "c")
        fixture.operation(.update, key: "s", node: "node2", at: promotion + 0.7, data: "after the window")
        fixture.operation(.increment, key: "counter-0", node: "node2", at: promotion + 0.15, delta: 1)
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.map(\.kind) == ["lock-state-unknown"])
        #expect(result.evidence.first?.operationIDs == [inside])
    }

    @Test func lockStateUnknownAnswersInsideTheWindowAreOk() {
        var fixture = FixtureBuilder()
        let promotion = fixture.killFailover()
        fixture.operation(
            .beginModify, key: "rmw-0", node: "node2", at: promotion + 0.2, outcome: .fail, status: 409,
            error: "LockStateUnknown")
        #expect(checker.check(fixture.recording).verdict == .ok)
    }
}
