extension Replica {
    /// Whether a new write should wait before it runs, so that the replication stream can
    /// catch up (our addition; the reference has none, `docs/compatibility.md`).
    ///
    /// Without it, a primary that gets more CPU than its peer runs ahead until the queue
    /// overflows, which loses the stream and forces a re-sync (epoch + 1, join snapshot): the
    /// async window, the writes a failover can lose, grows to the whole queue first. Holding
    /// writes at the high watermark keeps that window near `replicationBackPressureHighWatermark`
    /// messages and lets the pair settle at the rate the peer can apply.
    ///
    /// Only while the peer is taking messages (one delivered within the liveness period): a
    /// peer that is down or cut off must not stall the primary — then the queue fills and the
    /// re-sync takes over, as before. The shell also bounds every wait.
    public func shouldHoldWrites(at now: Moment) -> Bool {
        let high = configuration.replicationBackPressureHighWatermark
        guard high > 0, role == .primary, replicationQueue.count >= high,
            let lastDelivery = lastReplicationDelivery
        else { return false }
        return now.monotonic - lastDelivery < configuration.replicationBackPressureLiveness
    }

    /// Whether held writes may go on: the queue is down to the low watermark, or this node no
    /// longer leads (a non-primary forwards or refuses writes anyway).
    public var mayReleaseHeldWrites: Bool {
        role != .primary || replicationQueue.count <= configuration.replicationBackPressureLowWatermark
    }
}
