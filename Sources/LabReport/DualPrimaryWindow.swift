import LabCheckers

/// A time when two nodes of one pair both answered `/status` as PRIMARY: the split brain a
/// partition can cause, shown as a red strip under the pair's role bands. Read off the polled
/// segments, so its ends are known to about one poll (50 ms).
struct DualPrimaryWindow: Hashable {
    var pair: Int
    var nodes: [String]
    var epochs: [UInt64]
    var start: Int64
    var end: Int64

    static func windows(in recording: RunRecording) -> [DualPrimaryWindow] {
        var windows: [DualPrimaryWindow] = []
        for pair in recording.pairs {
            let segments = recording.nodes(inPair: pair).flatMap { node in
                RoleSegment.segments(of: node, in: recording.status).filter { $0.role == "PRIMARY" }
            }
            for (index, first) in segments.enumerated() {
                for second in segments[(index + 1)...] where second.node != first.node {
                    let start = max(first.start, second.start)
                    let end = min(first.end, second.end)
                    guard start < end else { continue }
                    windows.append(
                        DualPrimaryWindow(
                            pair: pair, nodes: [first.node, second.node], epochs: [first.epoch, second.epoch],
                            start: start, end: end))
                }
            }
        }
        return windows.sorted { $0.start < $1.start }
    }
}
