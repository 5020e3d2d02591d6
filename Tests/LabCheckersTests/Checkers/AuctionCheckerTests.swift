import LabCore
import Testing

@testable import LabCheckers

/// The auction checker on hand-made histories: the store is created at version 1, so bid
/// count c is version 1 + c.
@Suite struct AuctionCheckerTests {
    let checker = AuctionChecker()

    static func bid(
        _ fixture: inout FixtureBuilder, count: Int64, high: Int64, at seconds: Double, node: String = "node1",
        outcome: OperationOutcome = .ok
    ) -> Int {
        let bid = AuctionBid(high: high, bidder: "b\(count)-\(high)", count: count)
        fixture.operation(
            .beginModify, key: "auction", node: node, at: seconds - 0.01, workload: "auction", client: 1001,
            read: "{}", lock: "lock-\(bid.bidder)")
        return fixture.operation(
            .completeModify, key: "auction", node: node, at: seconds, outcome: outcome, workload: "auction",
            client: 1001, data: bid.content, item: bid.bidder, lock: "lock-\(bid.bidder)")
    }

    /// A watch answered at `seconds`: `200` with `bid` at its version, or `204` at `version`.
    @discardableResult
    static func watch(
        _ fixture: inout FixtureBuilder, watcher: Int, version: Int64, bid: AuctionBid? = nil, at seconds: Double,
        node: String = "node1", workload: String = "auction"
    ) -> Int {
        let id = fixture.operation(
            .watch, key: "auction", node: node, at: seconds, workload: workload, client: watcher,
            status: bid == nil ? 204 : 200, read: bid?.content)
        fixture.history[fixture.history.count - 1].version = version
        return id
    }

    static func state(_ count: Int64, _ high: Int64) -> AuctionBid {
        AuctionBid(high: high, bidder: "b\(count)-\(high)", count: count)
    }

    /// Three bids, two watchers (one per node), the final read at version 4.
    static func cleanAuction() -> FixtureBuilder {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 8)
        fixture.operation(.create, key: "auction", at: 0.2, workload: "auction", data: AuctionBid.opening.content)
        _ = bid(&fixture, count: 1, high: 5, at: 1.0)
        watch(&fixture, watcher: 1_000_001, version: 2, bid: state(1, 5), at: 1.001)
        _ = bid(&fixture, count: 2, high: 9, at: 1.5)
        watch(&fixture, watcher: 1_000_002, version: 3, bid: state(2, 9), at: 1.502, node: "node2")
        _ = bid(&fixture, count: 3, high: 12, at: 2.0)
        watch(&fixture, watcher: 1_000_001, version: 4, bid: state(3, 12), at: 2.001)
        watch(&fixture, watcher: 1_000_001, version: 4, at: 5.0)
        watch(&fixture, watcher: 1_000_002, version: 4, bid: state(3, 12), at: 2.003, node: "node2")
        watch(&fixture, watcher: 1_000_002, version: 4, at: 5.0, node: "node2")
        return fixture
    }

    static func finalRead(_ fixture: inout FixtureBuilder, version: Int64, _ bid: AuctionBid, node: String = "node1") {
        watch(&fixture, watcher: 1000, version: version, bid: bid, at: 7.5, node: node, workload: "final")
    }

    @Test func aCleanAuctionPassesWithItsFigures() {
        var fixture = Self.cleanAuction()
        Self.finalRead(&fixture, version: 4, Self.state(3, 12))
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok, "\(result.evidence.map(\.text))")
        #expect(result.figure("auction.bids") == 3)
        #expect(result.figure("auction.watchers") == 2)
        #expect(result.figure("auction.watch-answers") == 4)
        #expect(result.figure("auction.watchers-at-final") == 2)
        #expect(result.figure("auction.fan-out-max-ms") == 3)
        #expect(result.figure("auction.bid-p50-ms") == 15)
        #expect(LostUpdatesChecker().check(fixture.recording).verdict == .ok)
    }

    @Test func noAuctionIsOk() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 2)
        #expect(checker.check(fixture.recording).verdict == .ok)
    }

    @Test func aLostHighestBidWithoutAFailoverIsAViolation() {
        var fixture = Self.cleanAuction()
        Self.finalRead(&fixture, version: 3, Self.state(2, 9))
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.contains { $0.kind == "highest-bid-lost" && $0.isViolation })
        // The watchers saw version 4, which the final state does not have.
        #expect(result.evidence.contains { $0.kind == "watcher-ahead" && $0.isViolation })
        let lost = LostUpdatesChecker().check(fixture.recording)
        #expect(lost.verdict == .violation)
        #expect(lost.figure("lost.unexplained") == 1)
    }

    @Test func aBidLostInTheAsyncWindowOfAKillIsExplained() {
        var fixture = FixtureBuilder()
        fixture.killFailover(killAt: 2.0)
        fixture.operation(.create, key: "auction", at: 0.2, workload: "auction", data: AuctionBid.opening.content)
        _ = Self.bid(&fixture, count: 1, high: 5, at: 1.0)
        fixture.message("node1->node2", .replicate, epoch: 1, at: 1.01)
        let lost = Self.bid(&fixture, count: 2, high: 9, at: 1.95)  // killed before it was replicated
        Self.watch(&fixture, watcher: 1_000_001, version: 3, bid: Self.state(2, 9), at: 1.951)
        // The new primary continues from count 1: count 2 again, then 3.
        _ = Self.bid(&fixture, count: 2, high: 7, at: 7.0, node: "node2")
        _ = Self.bid(&fixture, count: 3, high: 11, at: 7.5, node: "node2")
        Self.watch(&fixture, watcher: 1_000_001, version: 4, bid: Self.state(3, 11), at: 7.501, node: "node2")
        Self.finalRead(&fixture, version: 4, Self.state(3, 11), node: "node2")
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .ok, "\(result.evidence.map(\.text))")
        let lostUpdates = LostUpdatesChecker().check(fixture.recording)
        #expect(lostUpdates.verdict == .ok)
        #expect(lostUpdates.figure("lost.async-window") == 1)
        #expect(lostUpdates.evidence.first?.operationIDs == [lost])
    }

    @Test func bidsThatDoNotIncreaseAreAViolation() {
        var fixture = FixtureBuilder()
        fixture.steadyPair(until: 8)
        _ = Self.bid(&fixture, count: 1, high: 9, at: 1.0)
        _ = Self.bid(&fixture, count: 2, high: 5, at: 1.5)
        Self.finalRead(&fixture, version: 3, Self.state(2, 5))
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.contains { $0.kind == "bid-order" })
    }

    @Test func aFinalStateNoBidWroteIsAViolation() {
        var fixture = Self.cleanAuction()
        Self.finalRead(&fixture, version: 4, AuctionBid(high: 12, bidder: "nobody", count: 3))
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.contains { $0.kind == "final-phantom" })
    }

    @Test func aWatcherWhoseVersionGoesBackOnOneNodeIsAViolation() {
        var fixture = Self.cleanAuction()
        Self.watch(&fixture, watcher: 1_000_001, version: 3, bid: Self.state(2, 9), at: 5.5)
        Self.watch(&fixture, watcher: 1_000_001, version: 4, at: 6.5)
        Self.finalRead(&fixture, version: 4, Self.state(3, 12))
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.contains { $0.kind == "watch-regression" && $0.isViolation })
    }

    @Test func anAnswerWhoseContentDoesNotFitItsVersionIsAViolation() {
        var fixture = Self.cleanAuction()
        Self.watch(&fixture, watcher: 1_000_003, version: 4, bid: Self.state(2, 9), at: 2.5)
        Self.finalRead(&fixture, version: 4, Self.state(3, 12))
        let result = checker.check(fixture.recording)
        #expect(result.verdict == .violation)
        #expect(result.evidence.contains { $0.kind == "watch-content" })
    }

    @Test func aWatcherBehindTheFinalVersionIsJudgedOnlyWhenItHadTimeToHear() {
        var fixture = Self.cleanAuction()
        // Answered 5 ms after the last bid: it may not have heard yet (mid-poll at the end).
        Self.watch(&fixture, watcher: 1_000_003, version: 3, at: 2.005, node: "node2")
        Self.finalRead(&fixture, version: 4, Self.state(3, 12))
        let cut = checker.check(fixture.recording)
        #expect(cut.verdict == .ok, "\(cut.evidence.map(\.text))")
        #expect(cut.figure("auction.watchers-cut") == 1)

        var late = Self.cleanAuction()
        Self.watch(&late, watcher: 1_000_003, version: 3, at: 5.0, node: "node2")
        Self.finalRead(&late, version: 4, Self.state(3, 12))
        let behind = checker.check(late.recording)
        #expect(behind.verdict == .violation)
        #expect(behind.evidence.contains { $0.kind == "watcher-behind" })
    }

    @Test func withoutAFinalReadTheVerdictIsUnknown() {
        let fixture = Self.cleanAuction()
        #expect(checker.check(fixture.recording).verdict == .unknown)
    }
}
