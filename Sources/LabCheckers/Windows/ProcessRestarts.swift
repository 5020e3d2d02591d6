/// When each node's process was killed or restarted (`faults.jsonl`, kinds `kill` and
/// `restart`): the boundaries of its incarnations. Within one incarnation a node's epoch never
/// goes down; across one it starts again from 0 (or 1 for a smallest-ID node).
public struct ProcessRestarts: Sendable {
    private var timesByNode: [String: [Int64]]

    public init(recording: RunRecording) {
        var timesByNode: [String: [Int64]] = [:]
        for fault in recording.faults {
            switch fault.request.command {
            case .kill, .restart:
                for node in fault.targets { timesByNode[node, default: []].append(fault.timeNanoseconds) }
            default:
                continue
            }
        }
        self.timesByNode = timesByNode
    }

    /// Whether the node was killed or restarted in `(after, upTo]`.
    public func restarted(_ node: String, after: Int64, upTo: Int64) -> Bool {
        guard let times = timesByNode[node] else { return false }
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= after { low = middle + 1 } else { high = middle }
        }
        return low < times.count && times[low] <= upTo
    }
}
