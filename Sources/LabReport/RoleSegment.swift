import LabCheckers

/// A stretch of time during which the status poller saw one node in one state: its role and
/// epoch, or unreachable. Built by merging consecutive `/status` samples that agree.
struct RoleSegment: Hashable {
    var node: String
    /// `PRIMARY`, `SECONDARY`, `JOINING`, another role as reported, or ``unreachable``.
    var role: String
    var epoch: UInt64
    /// From the first sample in this state to the next sample in another state (or the last
    /// sample of the node).
    var start: Int64
    var end: Int64

    static let unreachable = "unreachable"

    /// The node's segments in time order. A segment ends where the next one begins, so the
    /// band has no gaps between the node's first and last sample.
    static func segments(of node: String, in status: [StatusObservation]) -> [RoleSegment] {
        var segments: [RoleSegment] = []
        for sample in status where sample.node == node {
            let role = sample.reachable ? (sample.role.isEmpty ? "?" : sample.role) : unreachable
            let epoch = sample.reachable ? sample.epoch : 0
            if var last = segments.last {
                last.end = sample.timeNanoseconds
                segments[segments.count - 1] = last
                if last.role == role && last.epoch == epoch { continue }
            }
            segments.append(
                RoleSegment(
                    node: node, role: role, epoch: epoch, start: sample.timeNanoseconds, end: sample.timeNanoseconds))
        }
        return segments
    }

    /// Folds segments shorter than `minimumDuration` into the one before, so a node that
    /// flapped every poll through an hour-long run still draws a bounded number of shapes
    /// (the report passes half a pixel's worth of time: nothing visible is lost).
    static func coalesced(_ segments: [RoleSegment], minimumDuration: Int64) -> [RoleSegment] {
        var result: [RoleSegment] = []
        for segment in segments {
            if var last = result.last, segment.end - segment.start < minimumDuration {
                last.end = segment.end
                result[result.count - 1] = last
                continue
            }
            if var last = result.last, last.role == segment.role, last.epoch == segment.epoch {
                last.end = segment.end
                result[result.count - 1] = last
                continue
            }
            result.append(segment)
        }
        return result
    }
}
