import BunnyCore

/// `GET /status` as JSON (`api.md` §5.12): keys in alphabetical order, durations as Go
/// duration strings, newline-ended.
public enum StatusEncoder {
    /// What Go prints for a never-set time: the maximum duration.
    static let neverSet = "2562047h47m16.854775807s"

    public static func encode(_ status: ReplicaStatus) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(400)
        func key(_ name: String, first: Bool = false) {
            if !first { output.append(UInt8(ascii: ",")) }
            JSONText.appendString(name, to: &output)
            output.append(UInt8(ascii: ":"))
        }
        output.append(UInt8(ascii: "{"))
        // Our additions, each only with its flag, come first for the alphabetical order of the keys:
        // `cold_tier` (`--hot-memory-limit`), then `durable_standing` (`--data-dir`).
        var isFirst = true
        if let coldTier = status.coldTier {
            key("cold_tier", first: isFirst)
            isFirst = false
            encode(coldTier, to: &output)
        }
        if let standing = status.durableStanding {
            key("durable_standing", first: isFirst)
            isFirst = false
            output.append(contentsOf: Array("{\"epoch\":".utf8))
            JSONText.appendInteger(standing.epoch, to: &output)
            output.append(contentsOf: Array(",\"role\":".utf8))
            JSONText.appendString(standing.wasPrimary ? "PRIMARY" : "SECONDARY", to: &output)
            output.append(UInt8(ascii: "}"))
        }
        key("host_id", first: isFirst)
        JSONText.appendString(status.hostID, to: &output)
        key("last_leader_seen")
        JSONText.appendString(status.lastLeaderSeen.map(durationString) ?? neverSet, to: &output)
        key("last_replication_fail")
        JSONText.appendString(status.lastReplicationFailure.map(durationString) ?? "", to: &output)
        key("leader_epoch")
        JSONText.appendInteger(status.leaderEpoch, to: &output)
        key("memory_usage")
        JSONText.appendInteger(status.memoryUsage, to: &output)
        key("peers")
        output.append(UInt8(ascii: "{"))
        for (index, peer) in status.peers.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONText.appendString(peer.hostID, to: &output)
            output.append(UInt8(ascii: ":"))
            JSONText.appendString(durationString(peer.sinceLastSeen), to: &output)
        }
        output.append(UInt8(ascii: "}"))
        key("queue_length")
        JSONText.appendInteger(status.queueLength, to: &output)
        key("registry_count")
        JSONText.appendInteger(status.registryCount, to: &output)
        key("registry_queue_length")
        JSONText.appendInteger(status.registryQueueLength, to: &output)
        key("registry_states")
        output.append(UInt8(ascii: "{"))
        for (index, entry) in status.registryStates.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONText.appendString(entry.state, to: &output)
            output.append(UInt8(ascii: ":"))
            JSONText.appendInteger(entry.count, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        key("replication_fail_count")
        JSONText.appendInteger(status.replicationFailCount, to: &output)
        key("role")
        JSONText.appendString(status.role.rawValue, to: &output)
        key("store_count")
        JSONText.appendInteger(status.storeCount, to: &output)
        key("tombstone_count")
        JSONText.appendInteger(status.tombstoneCount, to: &output)
        output.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
        return output
    }

    static func encode(_ coldTier: ColdTierStatus, to output: inout [UInt8]) {
        let members: [(String, Int64)] = [
            ("cold_index_bytes", coldTier.coldIndexBytes), ("cold_store_count", Int64(coldTier.coldStoreCount)),
            ("eviction_failures", Int64(clamping: coldTier.evictionFailures)),
            ("evictions", Int64(clamping: coldTier.evictions)), ("hot_memory_bytes", coldTier.hotMemoryBytes),
            ("hot_memory_limit", coldTier.hotMemoryLimit), ("hot_store_count", Int64(coldTier.hotStoreCount)),
            ("idle_evictions", Int64(clamping: coldTier.idleEvictions)),
            ("promotions", Int64(clamping: coldTier.promotions)),
        ]
        output.append(UInt8(ascii: "{"))
        for (index, member) in members.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONText.appendString(member.0, to: &output)
            output.append(UInt8(ascii: ":"))
            JSONText.appendInteger(member.1, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    static func durationString(_ duration: Duration) -> String {
        GoDuration.format(duration)
    }
}
