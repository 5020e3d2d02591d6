import Testing

@testable import LabRuntime

/// Where `primary`-target requests go while the poller knows, or does not know, the pair's
/// PRIMARY: never to a SECONDARY, whose reads may lag.
@Suite struct LeaderDirectoryTests {
    static func sample(
        _ node: String, _ role: String, epoch: UInt64 = 1, reachable: Bool = true, at time: Int64 = 0
    ) -> NodeStatusSample {
        var sample = NodeStatusSample.unreachable(node: node, at: time)
        sample.reachable = reachable
        sample.role = role
        sample.epoch = epoch
        return sample
    }

    static func leader(_ latest: [NodeStatusSample], lastReachable: [NodeStatusSample] = []) -> String {
        func byNode(_ samples: [NodeStatusSample]) -> [String: NodeStatusSample] {
            Dictionary(uniqueKeysWithValues: samples.map { ($0.node, $0) })
        }
        let last = byNode(lastReachable).merging(byNode(latest.filter(\.reachable))) { _, latest in latest }
        return LeaderDirectory.leader(among: ["node1", "node2"], samples: byNode(latest), lastReachable: last)
    }

    @Test func theReachablePrimaryWithTheHighestEpochWins() {
        #expect(Self.leader([Self.sample("node1", "PRIMARY"), Self.sample("node2", "SECONDARY")]) == "node1")
        #expect(Self.leader([Self.sample("node1", "SECONDARY"), Self.sample("node2", "PRIMARY", epoch: 2)]) == "node2")
        #expect(
            Self.leader([Self.sample("node1", "PRIMARY", epoch: 1), Self.sample("node2", "PRIMARY", epoch: 2)])
                == "node2")
    }

    /// The primary (node2, after an earlier failover) was killed: requests keep going to it, not
    /// to node1, the SECONDARY, until a PRIMARY shows up again.
    @Test func whileNoPrimaryIsReachableTheLastOneKeepsTheRequests() {
        let killed = Self.sample("node2", "", reachable: false, at: 20)
        let before = [Self.sample("node2", "PRIMARY", epoch: 2, at: 10)]
        #expect(
            Self.leader([Self.sample("node1", "SECONDARY", epoch: 2, at: 20), killed], lastReachable: before) == "node2"
        )
        #expect(
            Self.leader([Self.sample("node1", "JOINING", epoch: 2, at: 20), killed], lastReachable: before) == "node2")
        // Once node1 promotes, it leads.
        #expect(
            Self.leader([Self.sample("node1", "PRIMARY", epoch: 3, at: 30), killed], lastReachable: before) == "node1")
    }

    @Test func withNoPrimaryEverSeenTheFirstNodeIsChosen() {
        #expect(Self.leader([]) == "node1")
        #expect(
            Self.leader([Self.sample("node1", "", reachable: false), Self.sample("node2", "SECONDARY")]) == "node1")
    }
}
