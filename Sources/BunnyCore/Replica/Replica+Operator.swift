extension Replica {
    /// `GET /status`.
    public func status(at now: Moment) -> ReplicaStatus {
        let counts = registry.countsByState
        let states: [(String, Int)] = [NameEntry.State.active, .creating, .deleting].compactMap { state in
            guard let count = counts[state], count > 0 else { return nil }
            return (state.name, count)
        }
        return ReplicaStatus(
            hostID: configuration.hostID, role: role, leaderEpoch: epoch,
            lastLeaderSeen: lastLeaderSeen.map { now.monotonic - $0 }, storeCount: storeCount,
            memoryUsage: memory.totalUsed,
            peers: peerLastSeen.keys.sorted().map { ($0, now.monotonic - peerLastSeen[$0]!) },
            tombstoneCount: tombstones.count, queueLength: queuedStoreMessages,
            registryQueueLength: queuedRegistryMessages, replicationFailCount: replicationFailureCount,
            lastReplicationFailure: lastReplicationFailure.map { now.monotonic - $0 }, registryCount: registry.count,
            registryStates: states.sorted { $0.0 < $1.0 }, coldTier: coldTierStatus,
            durableStanding: durableStanding)
    }

    /// `POST /internal/promote` (`cluster.md` §11): takes the write barrier, becomes PRIMARY
    /// and bumps the epoch unconditionally. Opens the LockStateUnknown window unless the node
    /// was already primary.
    ///
    /// Like every other epoch change, it drops the replication stream: its messages carry the
    /// old epoch, which the peer refuses (`409`) once it has adopted the new one, so they would
    /// block the stream for ever. Nothing is lost: the new epoch makes the peer re-join, and
    /// any snapshot it can install is taken after this point.
    public func operatorPromote(at now: Moment) -> Result<Void, APIError> {
        if case .failure(let error) = requireNoWriteBarrier() { return .failure(error) }
        let wasPrimary = role == .primary
        clearReplicationQueue()
        role = .primary
        epoch += 1
        leaderAddress = configuration.advertisedAddress
        lastLeaderSeen = now.monotonic
        if !wasPrimary { lastPromotionAt = now.monotonic }
        return .success(())
    }

    /// `POST /internal/release-lock/{id}`: clears the lock of the store with exactly this ID.
    /// No decryption, no customer check, not replicated. Returns false if no such store.
    public func operatorReleaseLock(storeID: String) -> Bool {
        guard let record = stores[storeID] else { return false }
        record.lock = nil
        return true
    }
}
