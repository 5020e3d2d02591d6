import LabCore
import Testing

@testable import LabCheckers

@Suite struct NoResurrectionCheckerTests {
    let checker = NoResurrectionChecker()

    @Test func deletedStoreAnswering404IsOk() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.create, key: "session-1", at: 0.5, data: "x")
        fixture.operation(.delete, key: "session-1", at: 1.0)
        fixture.operation(.snapshot, key: "session-1", at: 2.0, outcome: .fail, status: 404, error: "NotFound")
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    @Test func deletedStoreReadableOnThePrimaryIsAResurrection() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.create, key: "session-1", at: 0.5, data: "x")
        let delete = fixture.operation(.delete, key: "session-1", at: 1.0)
        let read = fixture.operation(.snapshot, key: "session-1", at: 4.0, workload: "final", read: "x")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.first?.operationIDs == [delete, read])
    }

    @Test func deletedNameLookedUpAgainIsAResurrection() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.createByName, key: "cart", at: 0.5, store: "id-1", name: "cart")
        fixture.operation(.deleteByName, key: "cart", at: 1.0, store: nil, name: "cart")
        fixture.operation(.lookupByName, key: "cart", at: 2.0, store: "id-1", name: "cart")
        #expect(checker.check(fixture.recording).verdict == .violation)
    }

    /// Seen in a real run: a create-by-name of another store overlapping the delete-by-name may
    /// have come first, so which store the delete removed is unknown — the later lookup of the
    /// first store proves nothing.
    @Test func aDeleteByNameRacingAnotherCreateDoesNotNameTheStoreItRemoved() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.createByName, key: "cart", at: 0.5, store: "id-1", name: "cart")
        fixture.operation(.createByName, key: "cart", at: 0.99, duration: 0.02, store: "id-2", name: "cart")
        fixture.operation(.deleteByName, key: "cart", at: 1.0, store: nil, name: "cart")
        fixture.operation(.lookupByName, key: "cart", at: 2.0, store: "id-2", name: "cart")
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    @Test func readOnASecondaryIsAStaleReadNotAResurrection() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.create, key: "session-1", at: 0.5, data: "x")
        fixture.operation(.delete, key: "session-1", at: 1.0)
        fixture.operation(.snapshot, key: "session-1", node: "node2", at: 1.02, read: "x")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.evidence.first?.kind == "stale-secondary-read")
    }

    @Test func deleteLostInTheAsyncWindowMayComeBack() {
        var fixture = FixtureBuilder()
        let promotion = fixture.killFailover(killAt: 2.0)
        fixture.operation(.create, key: "session-1", at: 0.5, data: "x")
        fixture.message("node1->node2", .replicate, epoch: 1, at: 0.51)
        fixture.operation(.delete, key: "session-1", at: 1.9)
        fixture.operation(.snapshot, key: "session-1", node: "node2", at: promotion + 1, read: "x")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.evidence.first?.kind == "resurrection-after-lost-delete")
    }
}
