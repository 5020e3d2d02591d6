import DequeModule

extension Replica {
    /// Appends a message to the ordered replication stream, stamped with this node's host ID,
    /// epoch and the enqueue time (`cluster.md` §7.1). Without peers nothing is queued.
    /// A full queue loses the message, so the peer is marked for a re-sync (DECISIONS 28)
    /// instead of silently diverging. The time stamp is strictly increasing (one nanosecond
    /// past the previous one if the wall clock has not moved on or stepped back), so the
    /// receiver can recognise late duplicates.
    func replicate(_ message: ReplicationMessage, at now: Moment) {
        persistence?.journal.note(message)
        guard hasPeers else { return }
        guard replicationQueue.count < configuration.replicationQueueCapacity else {
            peerNeedsResync = true
            return
        }
        let stamp = now.wall > lastReplicationStamp ? now.wall : lastReplicationStamp + .nanoseconds(1)
        lastReplicationStamp = stamp
        var stamped = message
        switch stamped {
        case .store(var store):
            store.sourceHost = configuration.hostID
            store.leaderEpoch = epoch
            store.timestamp = stamp
            stamped = .store(store)
            queuedStoreMessages += 1
        case .registry(var registry):
            registry.sourceHost = configuration.hostID
            registry.leaderEpoch = epoch
            registry.timestamp = stamp
            stamped = .registry(registry)
            queuedRegistryMessages += 1
        }
        replicationQueue.append(QueuedReplication(sequence: nextReplicationSequence, message: stamped))
        nextReplicationSequence += 1
    }

    /// Replicates a store's full current content (CREATE or UPDATE).
    func replicateStore(_ kind: StoreReplicationMessage.Kind, storeID: String, record: StoreRecord, at now: Moment) {
        persistence?.journal.noteStore(storeID)
        guard hasPeers else { return }
        replicate(
            .store(
                StoreReplicationMessage(
                    kind: kind, storeID: storeID, shardID: record.shardID, customerID: record.customerID,
                    dataType: record.content.isCounter ? 1 : 0, body: record.content.storedBytes,
                    expiresAt: record.expiresAt, version: record.version, pendingName: record.pendingName)), at: now)
    }

    /// Messages waiting to be sent, oldest first.
    public var pendingReplication: [ReplicationMessage] { replicationQueue.map(\.message) }

    /// The message to send next, if any. The message stays at the head until delivered.
    public var nextReplication: QueuedReplication? { replicationQueue.first }

    /// Up to `limit` messages following `sequence` (from the head when nil), for a shell that
    /// keeps several requests in flight on one connection. Results must be reported in order
    /// with `onReplicationResult`; after a failure the shell starts again from the head, so a
    /// message may reach the peer twice — harmless, since versions only move forward,
    /// tombstones win and registry messages are checked against each name's history.
    ///
    /// Sequences in the queue are consecutive (appended one by one, dropped from the head), so
    /// the first message after `sequence` is found by subtraction rather than by walking past
    /// every message in flight on each pump.
    public func replication(after sequence: UInt64?, limit: Int) -> [QueuedReplication] {
        guard let head = replicationQueue.first, limit > 0 else { return [] }
        var start = 0
        if let sequence, sequence >= head.sequence {
            start = Int(clamping: sequence - head.sequence + 1)
        }
        guard start < replicationQueue.count else { return [] }
        assert(replicationQueue[start].sequence > (sequence ?? 0), "replication sequences must be consecutive")
        let end = start + min(limit, replicationQueue.count - start)
        return Array(replicationQueue[start..<end])
    }

    /// Records how sending the head of the stream ended (`cluster.md` §7.3, DECISIONS 28).
    /// Success pops it and resets the failure count; a failure keeps it for a retry and counts
    /// toward `DegradedWrite`; a message the peer can never apply triggers a re-sync.
    public func onReplicationResult(
        sequence: UInt64, _ result: ReplicationDeliveryResult, at now: Moment
    ) -> [ClusterDirective] {
        guard role == .primary, let head = replicationQueue.first, head.sequence == sequence else { return [] }
        switch result {
        case .delivered:
            dropHeadOfReplication()
            replicationFailureCount = 0
            lastReplicationDelivery = now.monotonic
            return []
        case .failed:
            replicationFailureCount += 1
            lastReplicationFailure = now.monotonic
            return []
        case .rejected(let reason):
            replicationFailureCount += 1
            lastReplicationFailure = now.monotonic
            return resyncPeer(reason: "peer rejected a replication message: \(reason)", at: now)
        }
    }

    func dropHeadOfReplication() {
        guard let head = replicationQueue.popFirst() else { return }
        switch head.message {
        case .store: queuedStoreMessages -= 1
        case .registry: queuedRegistryMessages -= 1
        }
    }

    func clearReplicationQueue() {
        replicationQueue.removeAll()
        queuedStoreMessages = 0
        queuedRegistryMessages = 0
    }

    /// Forces the peer to re-join: the stream is cleared and the epoch bumped, so the peer's
    /// next heartbeat shows a newer epoch and it fetches a fresh snapshot. No LockStateUnknown
    /// window opens: this node's own locks stay valid.
    func resyncPeer(reason: String, at now: Moment) -> [ClusterDirective] {
        clearReplicationQueue()
        peerNeedsResync = false
        epoch += 1
        return [
            .roleChanged(RoleChange(from: .primary, to: .primary, epoch: epoch, reason: "re-sync the peer: \(reason)")),
            .sendHeartbeatsNow,
        ]
    }
}
