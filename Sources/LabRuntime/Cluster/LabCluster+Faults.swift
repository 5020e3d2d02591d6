import Foundation
import LabCore

extension LabCluster {
    /// Applies one fault. `primary` / `secondary` are resolved from the latest `/status` of the
    /// request's pair at this moment; network faults change the proxies at once (open
    /// keep-alive connections included); process faults act on the daemon's process group.
    public func apply(_ request: FaultRequest) async throws -> AppliedFault {
        guard !isShutDown else {
            throw LabError.notRunning("the lab in \(options.folder) is shut down; no fault can be applied")
        }
        guard (1...options.pairs).contains(request.pair) else {
            throw LabError.fault(
                "no pair \(request.pair): this lab has \(options.pairs) pair\(options.pairs == 1 ? "" : "s") "
                    + "(nodes: \(topology.nodes.map(\.name).joined(separator: ", ")))")
        }
        let roles = poller?.roles ?? [:]
        func resolve(_ target: String) throws -> String {
            switch TargetResolver.resolve(target, pair: request.pair, topology: topology, roles: roles) {
            case .success(let name): return name
            case .failure(let problem): throw LabError.fault(problem.description)
            }
        }
        func link(_ from: String, _ to: String) throws -> LabTopology.Link {
            guard let link = topology.link(from: from, to: to) else {
                throw LabError.fault("no link \(from)->\(to): links join the two nodes of one pair")
            }
            return link
        }
        let targets: [String]
        let summary: String
        switch request.command {
        case .partition(let fromTarget, let toTarget, let mode, let oneWay):
            let from = try resolve(fromTarget)
            let to = try resolve(toTarget)
            var links = [try link(from, to)]
            if !oneWay { links.append(try link(to, from)) }
            for link in links { try update(link.name) { $0.partition = PartitionMode(rawValue: mode.rawValue) } }
            targets = links.map(\.name)
            summary = "\(mode.rawValue) partition \(oneWay ? "\(from) → \(to)" : "between \(from) and \(to)")"
        case .linkRule(let selector, let classes, let rule):
            let chosen = try link(try resolve(selector.from), try resolve(selector.to))
            let faultRule = Self.faultRule(rule, classes: classes.compactMap(MessageClass.init(rawValue:)))
            try update(chosen.name) { specification in
                specification.rules.removeAll { Set($0.classes) == Set(faultRule.classes) }
                specification.rules.insert(faultRule, at: 0)
            }
            targets = [chosen.name]
            summary =
                "\(Self.describe(rule)) on \(chosen.name) for \(classes.isEmpty ? "every class" : classes.joined(separator: ", "))"
        case .replayNow(let selector):
            let chosen = try link(try resolve(selector.from), try resolve(selector.to))
            let replayed = await proxies[chosen.name]?.replayHeld() ?? 0
            targets = [chosen.name]
            summary = "replayed \(replayed) kept message(s) on \(chosen.name)"
        case .kill(let target):
            let name = try resolve(target)
            try process(name).kill()
            (targets, summary) = ([name], "kill -9 \(name)")
        case .pause(let target):
            let name = try resolve(target)
            try process(name).pause()
            (targets, summary) = ([name], "paused \(name) (SIGSTOP)")
        case .resume(let target):
            let name = try resolve(target)
            try process(name).resume()
            (targets, summary) = ([name], "resumed \(name) (SIGCONT)")
        case .promote(let target):
            let name = try resolve(target)
            guard let node = topology.node(named: name) else { throw LabError.fault("no node \(name)") }
            let answer = try? UnixSocketHTTP(socketPath: node.socketPath, timeoutMilliseconds: 2000)
                .request("POST", "/internal/promote")
            guard let answer, answer.status == 200 else {
                let detail =
                    answer.map { "HTTP \($0.status): \(String(decoding: $0.body, as: UTF8.self))" } ?? "no answer"
                throw LabError.fault("\(name) refused the operator promote: \(detail)")
            }
            (targets, summary) = ([name], "operator promote of \(name) (epoch + 1)")
        case .restart(let target):
            let name = try resolve(target)
            try process(name).restart()
            (targets, summary) = ([name], "restarted \(name) with the same flags")
        case .heal:
            return heal()
        case .skew(let target, let seconds):
            let name = try resolve(target)
            do {
                try process(name).setClockSkew(seconds: seconds)
            } catch {
                throw LabError.fault("cannot skew \(name)'s clock: \(error)")
            }
            (targets, summary) = ([name], "\(name)'s wall clock shifted by \(seconds) s")
        }
        let applied = AppliedFault(timeNanoseconds: clock.now(), request: request, targets: targets, summary: summary)
        record(applied)
        return applied
    }

    /// Removes every network fault (partitions and rules) and releases held messages.
    /// Process faults are left as they are (resume or restart nodes explicitly).
    public func heal() -> AppliedFault {
        guard !isShutDown else {
            return AppliedFault(
                timeNanoseconds: clock.now(), request: FaultRequest(command: .heal), targets: [],
                summary: "the lab is shut down; nothing to heal")
        }
        for (name, proxy) in proxies {
            proxy.heal()
            specifications[name] = .healthy
        }
        let applied = AppliedFault(
            timeNanoseconds: clock.now(), request: FaultRequest(command: .heal), targets: topology.links.map(\.name),
            summary: "healed every link")
        record(applied)
        return applied
    }

    private func process(_ name: String) throws -> NodeProcess {
        guard let process = nodes[name] else { throw LabError.fault("no node \(name)") }
        return process
    }

    private func update(_ linkName: String, _ change: (inout FaultSpecification) -> Void) throws {
        var specification = specifications[linkName] ?? .healthy
        change(&specification)
        do {
            try proxies[linkName]?.setFaults(specification)
        } catch {
            throw LabError.fault("\(linkName): \(error)")
        }
        specifications[linkName] = specification
    }

    private func record(_ applied: AppliedFault) {
        appliedFaults.append(applied)
        try? faultLog?.write(contentsOf: Data((applied.jsonLine + "\n").utf8))
    }

    static func faultRule(_ rule: LinkRule, classes: [MessageClass]) -> FaultRule {
        switch rule {
        case .drop(let probability): return FaultRule(classes: classes, dropProbability: probability)
        case .delay(let milliseconds, let jitter):
            return FaultRule(classes: classes, delayMilliseconds: milliseconds, jitterMilliseconds: jitter)
        case .duplicate(let probability): return FaultRule(classes: classes, duplicateProbability: probability)
        case .reorder: return FaultRule(classes: classes, reorder: true)
        case .replay: return FaultRule(classes: classes, replay: true)
        case .reset(let probability): return FaultRule(classes: classes, resetProbability: probability)
        }
    }

    static func describe(_ rule: LinkRule) -> String {
        switch rule {
        case .drop(let probability): return "drop \(Int(probability * 100)) %"
        case .delay(let milliseconds, let jitter): return "delay \(milliseconds) ms ± \(jitter) ms"
        case .duplicate(let probability): return "duplicate \(Int(probability * 100)) %"
        case .reorder: return "reorder"
        case .replay: return "keep for replay"
        case .reset(let probability): return "reset \(Int(probability * 100)) %"
        }
    }
}
