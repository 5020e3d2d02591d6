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
}
