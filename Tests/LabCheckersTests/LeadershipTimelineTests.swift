import Testing

@testable import LabCheckers

@Suite struct LeadershipTimelineTests {
    static let milliseconds: Int64 = 1_000_000

    /// node1 leads at epoch 1 until it is killed at ~1 s; node2 promotes at 5.02 s (epoch 2).
    static func failoverRecording() -> RunRecording {
        var status: [StatusObservation] = []
        for step in 0..<120 {
            let time = Int64(step) * 50 * milliseconds
            status.append(
                time < 1_000 * milliseconds
                    ? StatusObservation(timeNanoseconds: time, node: "node1", role: "PRIMARY", epoch: 1)
                    : StatusObservation(timeNanoseconds: time, node: "node1", reachable: false, role: "", epoch: 0))
            let promoted = time >= 5_050 * milliseconds
            status.append(
                StatusObservation(
                    timeNanoseconds: time + 1, node: "node2", role: promoted ? "PRIMARY" : "SECONDARY",
                    epoch: promoted ? 2 : 1,
                    lastLeaderSeenNanoseconds: promoted ? time + 1 - 5_020 * milliseconds : nil))
        }
        return RunRecording(
            nodes: [RecordedNode(name: "node1", pair: 1), RecordedNode(name: "node2", pair: 1)], history: [],
            status: status)
    }

    @Test func termsBracketThePromotion() throws {
        let timeline = LeadershipTimeline(recording: Self.failoverRecording())
        #expect(timeline.terms.map(\.epoch) == [1, 2])
        let first = timeline.terms[0]
        #expect(first.node == "node1")
        #expect(first.lastSeenNanoseconds == 950 * Self.milliseconds)
        #expect(first.endLatestNanoseconds == 1_000 * Self.milliseconds)
        let promotion = try #require(timeline.promotions(inPair: 1).first)
        #expect(promotion.node == "node2")
        #expect(promotion.startEarliestNanoseconds == 5_000 * Self.milliseconds + 1)
        #expect(promotion.startNanoseconds == 5_020 * Self.milliseconds)
        #expect(promotion.firstSeenNanoseconds == 5_050 * Self.milliseconds + 1)
        #expect(promotion.endLatestNanoseconds == nil)
        #expect(timeline.leadingTerm(pair: 1, at: 3_000 * Self.milliseconds)?.epoch == 1)
        #expect(timeline.leadingTerm(pair: 1, at: 5_030 * Self.milliseconds)?.epoch == 2)
        #expect(
            timeline.sample(of: "node2", atOrBefore: 75 * Self.milliseconds)?.timeNanoseconds == 50 * Self.milliseconds
                + 1)
        #expect(timeline.sample(of: "node1", atOrAfter: 990 * Self.milliseconds) == nil)
    }
}
