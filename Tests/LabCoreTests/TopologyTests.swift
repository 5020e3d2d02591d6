import Testing

@testable import LabCore

@Suite("Lab topology and targets")
struct TopologyTests {
    let ports = Array(20_000..<20_016)

    @Test func onePairWiresEachNodeThroughTheProxyOfItsDirection() throws {
        let topology = try LabTopology.make(pairs: 1, folder: "/tmp/lab", ports: ports)
        #expect(topology.nodes.map(\.name) == ["node1", "node2"])
        #expect(topology.links.map(\.name) == ["node1->node2", "node2->node1"])
        let node1 = try #require(topology.node(named: "node1"))
        let arguments = topology.arguments(for: node1, internalToken: "t")
        let outgoing = try #require(topology.link(from: "node1", to: "node2"))
        let incoming = try #require(topology.link(from: "node2", to: "node1"))
        #expect(arguments.contains("--peers=node2@127.0.0.1:\(outgoing.listenPort)"))
        #expect(arguments.contains("--advertise-addr=127.0.0.1:\(incoming.listenPort)"))
        #expect(outgoing.upstreamPort == topology.node(named: "node2")?.tcpPort)
        #expect(Set(topology.nodes.map(\.tcpPort) + topology.links.map(\.listenPort)).count == 4)
    }

    @Test func severalPairsGetDistinctNamesAndPorts() throws {
        let topology = try LabTopology.make(pairs: 4, folder: "/tmp/lab", ports: ports)
        #expect(topology.nodes.count == 8)
        #expect(Set(topology.nodes.map(\.tcpPort) + topology.links.map(\.listenPort)).count == 16)
        #expect(topology.nodes(inPair: 3).map(\.name) == ["node5", "node6"])
    }

    @Test func tooDeepAFolderIsRefusedWithTheReason() {
        let folder = "/tmp/" + String(repeating: "x", count: 100)
        #expect(throws: LabTopology.Problem.self) { try LabTopology.make(pairs: 1, folder: folder, ports: ports) }
        #expect(throws: LabTopology.Problem.invalidPairCount(0)) {
            try LabTopology.make(pairs: 0, folder: "/tmp", ports: ports)
        }
    }

    @Test func rolesResolveAtTheMomentAFaultFires() throws {
        let topology = try LabTopology.make(pairs: 2, folder: "/tmp/lab", ports: ports)
        let roles = ["node1": "SECONDARY", "node2": "PRIMARY", "node3": "PRIMARY", "node4": "PRIMARY"]
        #expect(TargetResolver.resolve("primary", pair: 1, topology: topology, roles: roles) == .success("node2"))
        #expect(TargetResolver.resolve("secondary", pair: 1, topology: topology, roles: roles) == .success("node1"))
        #expect(TargetResolver.resolve("node4", pair: 1, topology: topology, roles: roles) == .success("node4"))
        #expect(
            TargetResolver.resolve("primary", pair: 2, topology: topology, roles: roles)
                == .failure(.ambiguousRole("primary", pair: 2, nodes: ["node3", "node4"])))
        #expect(
            TargetResolver.resolve("secondary", pair: 2, topology: topology, roles: roles)
                == .failure(.noNodeInRole("secondary", pair: 2)))
        guard case .failure(.unknownNode) = TargetResolver.resolve("node9", pair: 1, topology: topology, roles: roles)
        else {
            Issue.record("node9 should be unknown")
            return
        }
    }

    @Test func aNodeFolderPlaceholderGivesEachNodeItsOwnDirectory() throws {
        let topology = try LabTopology.make(pairs: 1, folder: "/tmp/run", ports: [1, 2, 3, 4])
        let flags = topology.nodes.map { $0.expanding("--data-dir={node_folder}/data") }
        #expect(flags == ["--data-dir=/tmp/run/node1/data", "--data-dir=/tmp/run/node2/data"])
        #expect(topology.nodes[0].expanding("--fsync=always") == "--fsync=always")
    }

    @Test func linkSelectors() {
        #expect(LinkSelector.parse("node1->node2") == LinkSelector(from: "node1", to: "node2"))
        #expect(LinkSelector.parse("primary->secondary") == LinkSelector(from: "primary", to: "secondary"))
        #expect(LinkSelector.parse("node1") == nil)
        #expect(LinkSelector.parse("a->a") == nil)
        #expect(LinkSelector.parse("->b") == nil)
    }
}
