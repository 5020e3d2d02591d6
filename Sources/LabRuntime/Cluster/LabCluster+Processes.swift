extension LabCluster {
    /// One node's process as the supervisor sees it right now.
    public struct NodeProcessSnapshot: Sendable {
        public var name: String
        public var pid: Int32?
        public var state: NodeProcessState
        public var startCount: Int
        /// Processes of this node that ended on their own (crashes), over the whole run.
        public var unexpectedExits: Int
    }

    /// Every node's process, in topology order.
    public func processSnapshots() -> [NodeProcessSnapshot] {
        topology.nodes.compactMap { node in
            guard let process = nodes[node.name] else { return nil }
            return NodeProcessSnapshot(
                name: node.name, pid: process.pid, state: process.state, startCount: process.startCount,
                unexpectedExits: process.unexpectedExitCount)
        }
    }
}
