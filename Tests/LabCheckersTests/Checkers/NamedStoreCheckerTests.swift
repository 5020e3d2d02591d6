import LabCore
import Testing

@testable import LabCheckers

@Suite struct NamedStoreCheckerTests {
    let checker = NamedStoreChecker()

    @Test func oneNameBoundToTwoLiveStoresIsAViolation() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        let first = fixture.operation(.createByName, key: "cart", at: 0.5, store: "id-1", name: "cart")
        let second = fixture.operation(.createByName, key: "cart", at: 1.5, store: "id-2", name: "cart")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.first?.operationIDs == [first, second])
    }

    @Test func recreatingAfterADeleteIsOk() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.createByName, key: "cart", at: 0.5, store: "id-1", name: "cart")
        fixture.operation(.deleteByName, key: "cart", at: 1.0, outcome: .unknown, error: "timeout", name: "cart")
        fixture.operation(.createByName, key: "cart", at: 1.5, store: "id-2", name: "cart")
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    /// Seen in a real run: the delete was invoked just after the second create (a higher id) but
    /// the two overlapped, so the delete may have come first.
    @Test func aDeleteOverlappingTheSecondCreateMayHaveComeFirst() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 5)
        fixture.operation(.createByName, key: "cart", at: 0.5, store: "id-1", name: "cart")
        fixture.operation(.createByName, key: "cart", at: 1.0, duration: 0.015, store: "id-2", name: "cart")
        fixture.operation(.deleteByName, key: "cart", node: "node2", at: 1.001, duration: 0.006, name: "cart")
        #expect(checker.check(fixture.recording).verdict == .ok)
        // A delete that began after the second create completed explains nothing.
        var late = FixtureBuilder()
        late.steadyPair(until: 5)
        late.operation(.createByName, key: "cart", at: 0.5, store: "id-1", name: "cart")
        late.operation(.createByName, key: "cart", at: 1.0, duration: 0.015, store: "id-2", name: "cart")
        late.operation(.deleteByName, key: "cart", node: "node2", at: 1.02, duration: 0.006, name: "cart")
        #expect(checker.check(late.recording).verdict == .violation)
    }

    @Test func aCreateLostInTheAsyncWindowFreesTheName() {
        var fixture = FixtureBuilder()
        let promotion = fixture.killFailover(killAt: 2.0)
        fixture.operation(.createByName, key: "cart", at: 1.9, store: "id-1", name: "cart")
        fixture.operation(.createByName, key: "cart", node: "node2", at: promotion + 1, store: "id-2", name: "cart")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok)
        #expect(result.evidence.first?.kind == "duplicate-name-allowed")
    }
}
