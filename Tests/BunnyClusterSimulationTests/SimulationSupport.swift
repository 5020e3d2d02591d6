import BunnyCore
import TestSupport

/// A transparent stand-in for the store-ID cipher (copied from BunnyCoreTests): IDs spell out
/// their parts, so assertions and failure messages can be read.
struct TransparentCipher: StoreIdentityCipher {
    func seal(shardID: String, uniqueID: String, customerID: String) -> String? {
        "v1:t:\(customerID)|\(shardID)|\(uniqueID)"
    }

    func open(storeID: String, customerID: String) -> String? {
        guard storeID.hasPrefix("v1:t:") else { return nil }
        let parts = storeID.dropFirst(5).split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == customerID else { return nil }
        return String(parts[1])
    }
}

/// The simulation's draws on the shared SplitMix64 generator (`TestSupport`): the one seeded
/// source of randomness of a run. Replicas get their own generators, seeded from its draws.
extension SeededGenerator {
    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        probability > 0 && nextUnit() < probability
    }

    /// Uniform in `range` (inclusive).
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// A duration uniform in [0, `maximum`], in whole microseconds.
    mutating func duration(upTo maximum: Duration) -> Duration {
        let micros = maximum.nanoseconds / 1000
        guard micros > 0 else { return .zero }
        return .microseconds(Int64.random(in: 0...micros, using: &self))
    }

    mutating func duration(in range: ClosedRange<Duration>) -> Duration {
        range.lowerBound + duration(upTo: range.upperBound - range.lowerBound)
    }
}

/// A min-heap of events ordered by (time, sequence): ties break by scheduling order, so a run
/// is a pure function of its seed.
struct EventQueue {
    private var heap: [SimulatedEvent] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextTime: Int64? { heap.first?.time }

    mutating func push(_ event: SimulatedEvent) {
        heap.append(event)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> SimulatedEvent? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}

/// One scheduled happening. `node` binds it to a node: it waits while that node is paused,
/// and is dropped if that node was killed or restarted since (`incarnation`), unless the
/// incarnation is nil (a message that may reach whatever process now listens there).
/// A class, so the heap moves one reference per swap.
final class SimulatedEvent {
    var time: Int64
    var sequence: UInt64
    let node: Int?
    let incarnation: Int?
    let label: StaticString
    let action: () -> Void
    /// Run instead of `action` when the target node is killed (e.g. "connection refused").
    let onNodeDown: (() -> Void)?

    init(
        time: Int64, sequence: UInt64, node: Int?, incarnation: Int?, label: StaticString,
        action: @escaping () -> Void, onNodeDown: (() -> Void)?
    ) {
        self.time = time
        self.sequence = sequence
        self.node = node
        self.incarnation = incarnation
        self.label = label
        self.action = action
        self.onNodeDown = onNodeDown
    }

    func precedes(_ other: SimulatedEvent) -> Bool {
        time != other.time ? time < other.time : sequence < other.sequence
    }
}

extension Duration {
    /// Milliseconds with three decimals, for logs.
    var millisecondsText: String {
        let micros = nanoseconds / 1000
        let sign = micros < 0 ? "-" : ""
        let magnitude = abs(micros)
        return "\(sign)\(magnitude / 1000).\(String(magnitude % 1000 + 1000).dropFirst()) ms"
    }

    var secondsDouble: Double { Double(nanoseconds) / 1e9 }
}
