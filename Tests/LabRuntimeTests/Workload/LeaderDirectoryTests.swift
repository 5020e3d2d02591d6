import Testing

@testable import LabRuntime

/// Where workload requests go while the poller knows, or does not know, the pair's PRIMARY.
@Suite struct LeaderDirectoryTests {
    static func sample(_ node: String, _ role: String, epoch: UInt64 = 1, reachable: Bool = true) -> NodeStatusSample {
        var sample = NodeStatusSample.unreachable(node: node, at: 0)
        sample.reachable = reachable
        sample.role = role
        sample.epoch = epoch
        return sample
    }

    static func leader(_ samples: [NodeStatusSample]) -> String {
        LeaderDirectory.leader(
            among: ["node1", "node2"], samples: Dictionary(uniqueKeysWithValues: samples.map { ($0.node, $0) }))
    }

    @Test func thePrimaryWithTheHighestEpochWins() {
        #expect(Self.leader([Self.sample("node1", "PRIMARY"), Self.sample("node2", "SECONDARY")]) == "node1")
        #expect(
            Self.leader([Self.sample("node1", "PRIMARY", epoch: 1), Self.sample("node2", "PRIMARY", epoch: 2)])
                == "node2")
        #expect(
            Self.leader([
                Self.sample("node1", "PRIMARY", reachable: false),
                Self.sample("node2", "PRIMARY", epoch: 2, reachable: false),
            ]) == "node1")
    }

    /// The primary was killed: requests go to the secondary that is about to promote, not to
    /// the dead node.
    @Test func withoutAPrimaryTheReachableSecondaryIsChosen() {
        #expect(
            Self.leader([Self.sample("node1", "", reachable: false), Self.sample("node2", "SECONDARY")]) == "node2")
        #expect(Self.leader([Self.sample("node1", "JOINING"), Self.sample("node2", "SECONDARY")]) == "node2")
        #expect(Self.leader([Self.sample("node1", "", reachable: false), Self.sample("node2", "JOINING")]) == "node2")
    }

    @Test func withNothingKnownTheFirstNodeIsChosen() {
        #expect(Self.leader([]) == "node1")
        #expect(
            Self.leader([Self.sample("node1", "", reachable: false), Self.sample("node2", "", reachable: false)])
                == "node1")
    }
}
