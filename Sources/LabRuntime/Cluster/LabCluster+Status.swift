import Foundation
import LabCore

extension LabCluster {
    /// The control API's `GET /status`: every node's process state and latest `/status`,
    /// every link's faults and message counters, and the faults applied so far.
    public func statusJSON() -> String {
        let samples = self.samples
        let nodeObjects = topology.nodes.map { node -> String in
            let process = nodes[node.name]
            let sample = samples[node.name]
            return LabJSON.object([
                ("name", LabJSON.string(node.name)), ("pair", String(node.pair)),
                ("pid", process?.pid.map { String($0) } ?? "null"),
                ("process", LabJSON.string(process.map { "\($0.state)" } ?? "none")),
                ("reachable", sample?.reachable == true ? "true" : "false"),
                ("role", LabJSON.string(sample?.reachable == true ? sample!.role : "")),
                ("leader_epoch", String(sample?.epoch ?? 0)),
                ("last_leader_seen", LabJSON.string(sample?.lastLeaderSeen ?? "")),
                ("store_count", String(sample?.storeCount ?? 0)), ("queue_length", String(sample?.queueLength ?? 0)),
                ("clock_skew_seconds", LabJSON.number(process?.clockSkew ?? 0)),
                ("socket", LabJSON.string(node.socketPath)), ("log", LabJSON.string(node.logPath)),
            ])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let linkObjects = topology.links.map { link -> String in
            let specification = specifications[link.name] ?? .healthy
            let faults = (try? encoder.encode(specification)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            let counters = proxies[link.name]?.counters ?? LinkCounters()
            return LabJSON.object([
                ("name", LabJSON.string(link.name)), ("healthy", specification.isHealthy ? "true" : "false"),
                ("faults", faults), ("messages", String(counters.totalMessages)),
                (
                    "by_class",
                    LabJSON.object(counters.messagesByClass.map { ($0.messageClass.rawValue, String($0.count)) })
                ),
                ("by_fate", LabJSON.object(counters.messagesByFate.map { ($0.fate.rawValue, String($0.count)) })),
                // A `refuse` partition turns connections away before any message is read: it
                // shows here, not in the journal.
                ("connections_accepted", String(counters.connectionsAccepted)),
                ("connections_refused", String(counters.connectionsRefused)),
                ("upstream_errors", String(counters.upstreamErrors)),
            ])
        }
        return LabJSON.object([
            ("run_folder", LabJSON.string(options.folder)), ("time_ns", String(clock.now())),
            ("nodes", LabJSON.array(nodeObjects)), ("links", LabJSON.array(linkObjects)),
            ("faults", LabJSON.array(appliedFaults.map(\.jsonLine))), ("capture", LabJSON.string(captureNote)),
        ])
    }

    /// The live table `bblab up` shows in the foreground.
    public func table() -> String {
        let samples = self.samples
        var lines: [String] = []
        let seconds = Double(clock.now()) / 1e9
        lines.append(
            "bblab — \(options.folder) — t=\(String(format: "%.1f", seconds)) s — Ctrl-C tears everything down")
        lines.append("")
        lines.append(
            Self.row(["NODE", "PAIR", "PID", "PROCESS", "ROLE", "EPOCH", "LEADER SEEN", "STORES", "QUEUE", "SKEW"]))
        for node in topology.nodes {
            let process = nodes[node.name]
            let sample = samples[node.name]
            let reachable = sample?.reachable == true
            lines.append(
                Self.row([
                    node.name, String(node.pair), process?.pid.map { String($0) } ?? "-",
                    process.map { "\($0.state)" } ?? "-", reachable ? sample!.role : "unreachable",
                    reachable ? String(sample!.epoch) : "-",
                    reachable ? Self.shortDuration(sample!.lastLeaderSeen) : "-",
                    reachable ? String(sample!.storeCount) : "-", reachable ? String(sample!.queueLength) : "-",
                    (process?.clockSkew ?? 0) == 0 ? "" : "\(process!.clockSkew) s",
                ]))
        }
        lines.append("")
        lines.append(
            Self.row(["LINK", "FAULTS", "MESSAGES", "HEARTBEAT", "REPLICATE", "DROPPED", "DUPLICATED"], width: 14))
        for link in topology.links {
            let specification = specifications[link.name] ?? .healthy
            let counters = proxies[link.name]?.counters ?? LinkCounters()
            let faults: String
            if let partition = specification.partition {
                faults = "partition/\(partition.rawValue)"
            } else {
                faults = specification.rules.isEmpty ? "-" : "\(specification.rules.count) rule(s)"
            }
            lines.append(
                Self.row(
                    [
                        link.name, faults, String(counters.totalMessages), String(counters.count(.heartbeat)),
                        String(counters.count(.replicate) + counters.count(.replicateRegistry)),
                        String(counters.count(.drop) + counters.count(.blackhole)), String(counters.count(.duplicate)),
                    ], width: 14))
        }
        if let last = appliedFaults.last {
            lines.append("")
            lines.append(
                "last fault at \(String(format: "%.2f", Double(last.timeNanoseconds) / 1e9)) s: \(last.summary)")
        }
        lines.append(captureNote)
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String], width: Int = 11) -> String {
        cells.map { $0.count >= width ? $0 + " " : $0 + String(repeating: " ", count: width - $0.count) }.joined()
    }

    /// `12.345678s` → `12.3s`; `150.2ms` → `150ms`.
    static func shortDuration(_ text: String) -> String {
        if text.hasSuffix("ms"), let value = Double(text.dropLast(2)) { return "\(Int(value))ms" }
        if text.hasSuffix("µs") || text.hasSuffix("ns") { return "0ms" }
        if text.hasSuffix("s"), !text.contains("m"), !text.contains("h"), let value = Double(text.dropLast()) {
            return String(format: "%.1fs", value)
        }
        return text.count > 12 ? "never" : text
    }
}
