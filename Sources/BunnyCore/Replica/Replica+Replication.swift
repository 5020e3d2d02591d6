import DequeModule

extension Replica {
    /// Appends a message to the ordered replication stream, stamped with this node's host ID,
    /// epoch and the enqueue time (`cluster.md` §7.1). Without peers nothing is queued.
    /// A full queue loses the message, so the peer is marked for a re-sync (DECISIONS 28)
    /// instead of silently diverging.
    func replicate(_ message: ReplicationMessage, at now: Moment) {
        guard hasPeers else { return }
        guard replicationQueue.count < configuration.replicationQueueCapacity else {
            peerNeedsResync = true
            return
        }
        var stamped = message
        switch stamped {
        case .store(var store):
            store.sourceHost = configuration.hostID
            store.leaderEpoch = epoch
            store.timestamp = now.wall
            stamped = .store(store)
            queuedStoreMessages += 1
        case .registry(var registry):
            registry.sourceHost = configuration.hostID
            registry.leaderEpoch = epoch
            registry.timestamp = now.wall
            stamped = .registry(registry)
            queuedRegistryMessages += 1
        }
        replicationQueue.append(stamped)
    }

    /// Replicates a store's full current content (CREATE or UPDATE).
    func replicateStore(_ kind: StoreReplicationMessage.Kind, storeID: String, record: StoreRecord, at now: Moment) {
        guard hasPeers else { return }
        replicate(
            .store(
                StoreReplicationMessage(
                    kind: kind, storeID: storeID, shardID: record.shardID, customerID: record.customerID,
                    dataType: record.content.isCounter ? 1 : 0, body: record.content.storedBytes,
                    expiresAt: record.expiresAt, version: record.version, pendingName: record.pendingName)), at: now)
    }

    /// Messages waiting to be sent, oldest first.
    public var pendingReplication: Deque<ReplicationMessage> { replicationQueue }
}
