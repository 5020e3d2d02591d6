import BunnyCore

/// One poll of a node's `/status`, on the lab clock.
public struct NodeStatusSample: Sendable, Equatable {
    /// When the answer arrived (lab clock).
    public var timeNanoseconds: Int64
    public var node: String
    public var reachable: Bool
    public var role: String
    public var epoch: UInt64
    public var lastLeaderSeen: String
    public var storeCount: Int
    public var queueLength: Int
    public var registryQueueLength: Int
    public var replicationFailCount: Int
    public var memoryUsage: Int64
    /// When the request was sent: the state shown held at some instant between the two, which
    /// matters when a loaded node or machine makes the answer slow.
    public var requestNanoseconds: Int64 = 0
    /// Stores in the node's cold tier, when it runs with `--hot-memory-limit` (else nil).
    public var coldStoreCount: Int? = nil

    public static func unreachable(node: String, at time: Int64) -> NodeStatusSample {
        NodeStatusSample(
            timeNanoseconds: time, node: node, reachable: false, role: "", epoch: 0, lastLeaderSeen: "", storeCount: 0,
            queueLength: 0, registryQueueLength: 0, replicationFailCount: 0, memoryUsage: 0, requestNanoseconds: time)
    }

    /// Reads a `/status` body.
    public static func parse(_ body: [UInt8], node: String, at time: Int64, requestedAt: Int64? = nil)
        -> NodeStatusSample?
    {
        guard let object = try? JSONParser.parse(body).objectValue else { return nil }
        func integer(_ name: String) -> Int64 {
            if case .number(let number)? = object[name] { return number.int64Value ?? 0 }
            return 0
        }
        func unsigned(_ name: String) -> UInt64 {
            if case .number(let number)? = object[name] { return number.uint64Value ?? 0 }
            return 0
        }
        return NodeStatusSample(
            timeNanoseconds: time, node: node, reachable: true, role: object["role"]?.stringValue ?? "",
            epoch: unsigned("leader_epoch"), lastLeaderSeen: object["last_leader_seen"]?.stringValue ?? "",
            storeCount: Int(integer("store_count")), queueLength: Int(integer("queue_length")),
            registryQueueLength: Int(integer("registry_queue_length")),
            replicationFailCount: Int(integer("replication_fail_count")), memoryUsage: integer("memory_usage"),
            requestNanoseconds: requestedAt ?? time,
            coldStoreCount: coldStoreCount(object["cold_tier"]))
    }

    /// `cold_tier.cold_store_count`, when the daemon reports a cold tier.
    private static func coldStoreCount(_ coldTier: JSONValue?) -> Int? {
        guard case .number(let number)? = coldTier?.objectValue?["cold_store_count"] else { return nil }
        return number.int64Value.map { Int($0) }
    }

    /// One line of the status timeline (JSONL).
    public var jsonLine: String {
        var members: [(String, String)] = [
            ("t_ns", String(timeNanoseconds)), ("request_ns", String(requestNanoseconds)),
            ("node", LabJSON.string(node)),
            ("reachable", reachable ? "true" : "false"),
            ("role", LabJSON.string(role)), ("leader_epoch", String(epoch)),
            ("last_leader_seen", LabJSON.string(lastLeaderSeen)), ("store_count", String(storeCount)),
            ("queue_length", String(queueLength)), ("registry_queue_length", String(registryQueueLength)),
            ("replication_fail_count", String(replicationFailCount)), ("memory_usage", String(memoryUsage)),
        ]
        if let coldStoreCount { members.append(("cold_store_count", String(coldStoreCount))) }
        return LabJSON.object(members)
    }
}
