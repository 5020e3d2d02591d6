import BunnyCore

/// `GET /status` decoded (`api.md` §5.12). Durations stay the daemon's Go-style strings
/// (`1m30.005s`). Fields a daemon leaves out read as zero or empty.
public struct DaemonStatus: Sendable, Equatable {
    public var hostID: String
    /// `PRIMARY`, `SECONDARY`, `JOINING` or `UNKNOWN`.
    public var role: String
    public var leaderEpoch: UInt64
    public var lastLeaderSeen: String
    public var storeCount: Int64
    public var memoryUsage: Int64
    /// Host ID → time since its last heartbeat.
    public var peers: [String: String]
    public var tombstoneCount: Int64
    public var queueLength: Int64
    public var registryQueueLength: Int64
    public var replicationFailCount: Int64
    public var lastReplicationFail: String
    public var registryCount: Int64
    /// `creating` / `active` / `deleting` → count (non-zero states only).
    public var registryStates: [String: Int64]

    public init(json bytes: some Collection<UInt8>) throws(BunnyClientError) {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(bytes)
        } catch {
            throw .malformedResponse(detail: "status is not JSON: \(error)")
        }
        guard let object = parsed.objectValue else {
            throw .malformedResponse(detail: "status is not a JSON object")
        }
        func string(_ name: String) -> String { object[name]?.stringValue ?? "" }
        func integer(_ name: String) -> Int64 {
            if case .number(let number)? = object[name] { return number.int64Value ?? 0 }
            return 0
        }
        hostID = string("host_id")
        role = string("role")
        if case .number(let number)? = object["leader_epoch"] {
            leaderEpoch = number.uint64Value ?? 0
        } else {
            leaderEpoch = 0
        }
        lastLeaderSeen = string("last_leader_seen")
        storeCount = integer("store_count")
        memoryUsage = integer("memory_usage")
        tombstoneCount = integer("tombstone_count")
        queueLength = integer("queue_length")
        registryQueueLength = integer("registry_queue_length")
        replicationFailCount = integer("replication_fail_count")
        lastReplicationFail = string("last_replication_fail")
        registryCount = integer("registry_count")
        peers = [:]
        if let peerObject = object["peers"]?.objectValue {
            for member in peerObject.members {
                peers[member.name] = member.value.stringValue ?? ""
            }
        }
        registryStates = [:]
        if let stateObject = object["registry_states"]?.objectValue {
            for member in stateObject.members {
                if case .number(let number) = member.value { registryStates[member.name] = number.int64Value ?? 0 }
            }
        }
    }
}
