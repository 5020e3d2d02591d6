import LabCore

extension Scenario {
    /// Every node, role and link a step names must exist in this scenario's cluster, before
    /// anything starts: `primary` / `secondary`, or `node1` … `node(2 × pairs)`; a link joins
    /// the two nodes of one pair; `pair=N` is within `pairs`.
    func validateTargets(file: String) throws(ScenarioProblem) {
        let nodeCount = pairs * 2
        for step in steps {
            guard let request = step.fault else { continue }
            let place = "\(file):\(step.line ?? 0): fault \"\(step.faultText ?? "")\""
            guard (1...pairs).contains(request.pair) else {
                throw ScenarioProblem("\(place): pair \(request.pair) but the scenario has \(pairs) pair(s)")
            }
            func node(_ name: String) throws(ScenarioProblem) -> Int? {
                if name == "primary" || name == "secondary" { return nil }
                guard name.hasPrefix("node"), let number = Int(name.dropFirst(4)), (1...nodeCount).contains(number)
                else {
                    throw ScenarioProblem(
                        "\(place): no node \"\(name)\" (this cluster has node1…node\(nodeCount), or say primary / secondary)"
                    )
                }
                return number
            }
            func link(_ from: String, _ to: String) throws(ScenarioProblem) {
                let first = try node(from)
                let second = try node(to)
                if let first, let second, (first + 1) / 2 != (second + 1) / 2 {
                    throw ScenarioProblem(
                        "\(place): \(from) and \(to) are in different pairs; links join the two nodes of one pair")
                }
            }
            switch request.command {
            case .kill(let target), .pause(let target), .resume(let target), .restart(let target),
                .promote(let target), .skew(let target, _):
                _ = try node(target)
            case .partition(let from, let to, _, _):
                try link(from, to)
            case .linkRule(let selector, _, _), .replayNow(let selector):
                try link(selector.from, selector.to)
            case .heal:
                break
            }
        }
    }
}
