import LabCheckers
import Testing

@testable import LabReport

@Suite struct RoleSegmentTests {
    @Test func mergesEqualSamplesAndSplitsOnChange() {
        let segments = RoleSegment.segments(of: "node1", in: ReportFixture.status(node1: "node1"))
        #expect(segments.map(\.role) == ["PRIMARY", "unreachable", "JOINING", "SECONDARY"])
        #expect(segments.map(\.epoch) == [1, 0, 2, 2])
        #expect(segments[1].start == 2 * ReportFixture.second)
        #expect(segments[1].end == 8 * ReportFixture.second)
    }

    @Test func aFlappingNodeStaysBounded() {
        // An hour of polls, the role changing at every one.
        var status: [StatusObservation] = []
        for step in 0..<72_000 {
            status.append(
                StatusObservation(
                    timeNanoseconds: Int64(step) * 50 * ReportFixture.millisecond, node: "node1",
                    role: step % 2 == 0 ? "PRIMARY" : "SECONDARY", epoch: 1))
        }
        let segments = RoleSegment.segments(of: "node1", in: status)
        #expect(segments.count == 72_000)
        let span = 3_600 * ReportFixture.second
        let coalesced = RoleSegment.coalesced(segments, minimumDuration: span / 2_000)
        #expect(coalesced.count <= 2_001)
        #expect(coalesced.first?.start == 0)
        #expect(coalesced.last?.end == segments.last?.end)
    }
}
