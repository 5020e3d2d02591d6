/// Resolves `primary`, `secondary` or a node name to a node, from the roles seen in `/status`
/// at the moment a fault fires.
public enum TargetResolver {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unknownNode(String, known: [String])
        case noNodeInRole(String, pair: Int)
        case ambiguousRole(String, pair: Int, nodes: [String])

        public var description: String {
            switch self {
            case .unknownNode(let name, let known):
                return "unknown node \"\(name)\" (nodes: \(known.joined(separator: ", ")); or primary, secondary)"
            case .noNodeInRole(let role, let pair): return "no \(role) in pair \(pair) right now"
            case .ambiguousRole(let role, let pair, let nodes):
                return "pair \(pair) has more than one \(role) right now (\(nodes.joined(separator: ", "))); name the node"
            }
        }
    }

    /// `roles`: node name → role string as reported by `/status` (`PRIMARY`, ...).
    public static func resolve(
        _ target: String, pair: Int, topology: LabTopology, roles: [String: String]
    ) -> Result<String, Problem> {
        let lowered = target.lowercased()
        guard lowered == "primary" || lowered == "secondary" else {
            guard topology.node(named: target) != nil else {
                return .failure(.unknownNode(target, known: topology.nodes.map(\.name)))
            }
            return .success(target)
        }
        let wanted = lowered.uppercased()
        let matches = topology.nodes(inPair: pair).map(\.name).filter { roles[$0] == wanted }
        switch matches.count {
        case 1: return .success(matches[0])
        case 0: return .failure(.noNodeInRole(lowered, pair: pair))
        default: return .failure(.ambiguousRole(lowered, pair: pair, nodes: matches))
        }
    }
}
