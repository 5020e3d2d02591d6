extension Replica {
    /// Start-up (`cluster.md` §3.1, DECISIONS 25). Without peers: primary for ever. With a
    /// peer: JOINING, and first ask the peer what it is, so that a restarted node never comes
    /// back as an empty primary next to a peer that holds the data.
    public func start(at now: Moment) -> [ClusterDirective] {
        precondition(role == .unknown, "start-up happens once; role is \(role)")
        guard hasPeers else {
            becomeStartupPrimary(at: now)
            return [.roleChanged(RoleChange(from: .unknown, to: .primary, epoch: epoch, reason: "single node"))]
        }
        role = .joining
        lastDiscoveryAt = now.monotonic
        startedAt = now.monotonic
        return [
            .roleChanged(RoleChange(from: .unknown, to: .joining, epoch: epoch, reason: "start-up: looking for the peer")),
            .probePeers(configuration.peers),
        ]
    }

    /// The start-up probe's answers. A PRIMARY peer: join it. A SECONDARY peer: it still
    /// holds the data and will take over when its lease runs out; wait for its heartbeat. A
    /// peer that is joining too (a fresh pair) or unreachable: the smaller host ID becomes
    /// primary; an unreachable peer makes this node primary whatever its ID (no live peer).
    ///
    /// "Unreachable" is weak evidence: a lost probe looks the same as a dead peer. So a node
    /// takes the primary role alone only after it has been up for longer than the lease (and
    /// kept probing every second): a SECONDARY peer holding the data has then either answered
    /// a probe or — since nobody sent it heartbeats meanwhile — promoted itself to a higher
    /// epoch, whose heartbeat makes this node join it. Otherwise a restarted node whose probe
    /// was lost came back as an empty PRIMARY at epoch 1 next to a SECONDARY at epoch 1, which
    /// accepts its equal-epoch heartbeats and never re-syncs (`cluster.md` §13.1).
    public func onDiscovery(_ results: [(peer: PeerAddress, result: PeerProbeResult)], at now: Moment)
        -> [ClusterDirective]
    {
        guard role == .joining, !isJoinInFlight else { return [] }
        if let primary = results.first(where: { $0.result == .role(.primary) }) {
            return startJoin(from: primary.peer, at: now)
        }
        if results.contains(where: { $0.result == .role(.secondary) }) { return [] }
        // Only a node that has never held data takes the start-up primary role; a node with
        // data that lost its peer promotes through the lease instead.
        let smallest = results.allSatisfy { $0.result == .unreachable || configuration.hostID < $0.peer.hostID }
        guard smallest, epoch == 0, !hasAnyState else { return [] }
        let alone = results.allSatisfy({ $0.result == .unreachable })
        if alone, let startedAt, now.monotonic - startedAt <= configuration.leaseDuration + configuration.leaseGrace {
            return []
        }
        let reason = alone ? "start-up: no live peer" : "start-up: fresh pair, smallest host ID"
        becomeStartupPrimary(at: now)
        return [.roleChanged(RoleChange(from: .joining, to: .primary, epoch: epoch, reason: reason)), .sendHeartbeatsNow]
    }

    var hasAnyState: Bool { storeCount > 0 || registry.count > 0 }

    // MARK: - Heartbeats

    /// The heartbeat to send to every peer, every 200 ms, while PRIMARY. Also where a pending
    /// re-sync of the peer is started.
    public func heartbeatTick(at now: Moment) -> (heartbeat: HeartbeatMessage, directives: [ClusterDirective])? {
        guard role == .primary, hasPeers else { return nil }
        let directives = peerNeedsResync ? resyncPeer(reason: "replication backlog overflowed", at: now) : []
        return (
            HeartbeatMessage(
                hostID: configuration.hostID, site: configuration.site, address: advertisedAddress,
                leaderEpoch: epoch, storeCount: storeCount, memoryUsage: memory.totalUsed, timestamp: now.wall),
            directives
        )
    }

    /// An incoming heartbeat (`cluster.md` §4.2, §6), with two additions: an equal-epoch
    /// heartbeat between two PRIMARYs is resolved (DECISIONS 26), and the answer tells a stale
    /// sender our epoch so it can step down at once.
    public func onHeartbeat(_ heartbeat: HeartbeatMessage, at now: Moment)
        -> (response: Result<HeartbeatAcknowledgement, APIError>, directives: [ClusterDirective])
    {
        // Before start-up has chosen a role nothing may change it: the shell binds its sockets
        // first, and a peer's heartbeat can arrive in between. The sender retries in 200 ms.
        if role == .unknown { return (.failure(.recoveryInProgress), []) }
        if !configuration.siteVerificationDisabled, !heartbeat.site.isEmpty, heartbeat.site != configuration.site {
            return (
                .failure(
                    APIError(status: 400, code: nil, message: "site mismatch: nodes must have matching -site configuration")),
                []
            )
        }
        peerLastSeen[heartbeat.hostID] = now.monotonic
        var directives: [ClusterDirective] = []
        if heartbeat.leaderEpoch >= epoch {
            lastLeaderSeen = now.monotonic
            if !heartbeat.address.isEmpty, role != .primary { leaderAddress = heartbeat.address }
            if heartbeat.leaderEpoch > epoch {
                directives = stepDown(toEpoch: heartbeat.leaderEpoch, leaderHostID: heartbeat.hostID,
                    leaderAddress: heartbeat.address, reason: "heartbeat from \(heartbeat.hostID) at epoch \(heartbeat.leaderEpoch)",
                    at: now)
            } else if role == .primary, heartbeat.hostID != configuration.hostID {
                directives = resolveEqualEpochPrimaries(other: heartbeat, at: now)
            } else if role == .joining {
                directives = retryJoinIfDue(leaderHostID: heartbeat.hostID, at: now)
            }
        }
        let acknowledgement = HeartbeatAcknowledgement(
            hostID: configuration.hostID, site: configuration.site, leaderEpoch: epoch,
            lastSeenLeader: lastLeaderSeenWall(at: now), timestamp: now.wall)
        return (.success(acknowledgement), directives)
    }

    /// The peer's answer to our heartbeat. A higher epoch in it means we are a stale primary:
    /// step down now rather than wait for the newer primary's own heartbeat.
    public func onHeartbeatAcknowledged(_ acknowledgement: HeartbeatAcknowledgement, from peer: PeerAddress, at now: Moment)
        -> [ClusterDirective]
    {
        peerLastSeen[peer.hostID] = now.monotonic
        guard role == .primary, acknowledgement.leaderEpoch > epoch else { return [] }
        return stepDown(
            toEpoch: acknowledgement.leaderEpoch, leaderHostID: peer.hostID, leaderAddress: nil,
            reason: "\(peer.hostID) acknowledged with the newer epoch \(acknowledgement.leaderEpoch)", at: now)
    }

    /// Two PRIMARYs at one epoch after a partition heals (DECISIONS 26). The node with more
    /// stores wins (a restarted, nearly empty node must not win over the one holding the
    /// data), the smaller host ID on a tie. Only the winner acts: it bumps its epoch, and its
    /// next heartbeat makes the loser step down and re-join through the ordinary rule.
    func resolveEqualEpochPrimaries(other heartbeat: HeartbeatMessage, at now: Moment) -> [ClusterDirective] {
        let iWin =
            storeCount > heartbeat.storeCount
            || (storeCount == heartbeat.storeCount && configuration.hostID < heartbeat.hostID)
        guard iWin else { return [] }
        epoch += 1
        clearReplicationQueue()
        return [
            .roleChanged(
                RoleChange(
                    from: .primary, to: .primary, epoch: epoch,
                    reason: "split brain with \(heartbeat.hostID) at epoch \(epoch - 1): this node holds \(storeCount) stores against \(heartbeat.storeCount), so it keeps the primary role")),
            .sendHeartbeatsNow,
        ]
    }

    /// Adopts a newer epoch: a PRIMARY or SECONDARY becomes JOINING and fetches a snapshot from
    /// the newer primary (its configured address). The replication stream is cleared: nothing
    /// queued here will be delivered under the old epoch.
    ///
    /// A JOINING node that already has a fetch under way from that same peer keeps it rather
    /// than start a second one: the shell cannot tell the two answers apart, so the older
    /// snapshot could arrive first and win, while the primary — having handed out the newer
    /// one — no longer resends what was written in between. (A snapshot older than the adopted
    /// epoch is refused on arrival and the join retried.)
    ///
    /// A deposed PRIMARY no longer counts as holding complete state: the newer epoch is a
    /// different line of history (the peer took over without it, or won a split brain), so
    /// its data lacks whatever was written there — or is nothing at all, for a node that came
    /// up alone as an empty start-up primary. Were it to promote itself from JOINING when the
    /// newer primary's heartbeats stop reaching it, its higher epoch would make that primary
    /// discard its data and join it (DECISIONS 27). A SECONDARY moved on by its own primary
    /// (re-sync, operator promote) was following that line and stays eligible.
    func stepDown(toEpoch newEpoch: UInt64, leaderHostID: String, leaderAddress address: String?, reason: String, at now: Moment)
        -> [ClusterDirective]
    {
        let previous = role
        let keepsFetch = previous == .joining && isJoinInFlight && joinSource?.hostID == leaderHostID
        if previous == .primary { hasCompleteState = false }
        epoch = newEpoch
        if let address, !address.isEmpty { leaderAddress = address }
        role = .joining
        lastPromotionAt = nil
        if !keepsFetch { isJoinInFlight = false }
        clearReplicationQueue()
        peerNeedsResync = false
        var directives: [ClusterDirective] = [
            .roleChanged(RoleChange(from: previous, to: .joining, epoch: epoch, reason: reason))
        ]
        if !keepsFetch, let peer = configuration.peers.first(where: { $0.hostID == leaderHostID }) {
            directives += startJoin(from: peer, at: now)
        }
        return directives
    }

    func retryJoinIfDue(leaderHostID: String, at now: Moment) -> [ClusterDirective] {
        guard !isJoinInFlight else { return [] }
        if let lastRecoveryAttempt, now.monotonic - lastRecoveryAttempt < configuration.recoveryRetryInterval {
            return []
        }
        guard let peer = configuration.peers.first(where: { $0.hostID == leaderHostID }) else { return [] }
        return startJoin(from: peer, at: now)
    }

    func startJoin(from peer: PeerAddress, at now: Moment) -> [ClusterDirective] {
        isJoinInFlight = true
        joinSource = peer
        lastRecoveryAttempt = now.monotonic
        return [.fetchJoinSnapshot(from: peer)]
    }

    /// The 100 ms lease check (`cluster.md` §5): a SECONDARY — or a JOINING node holding a
    /// complete copy (DECISIONS 27) — that has not accepted a heartbeat for more than 4 s
    /// promotes itself with epoch + 1 and opens the LockStateUnknown window. A JOINING node
    /// that waits without a join under way asks its peers again every second.
    ///
    /// Time this node did not run does not count against the leader: if the checks stopped
    /// for a while (the process was paused or starved), the silence is this node's own, and
    /// the heartbeats sent meanwhile are still waiting to be read. Without this, a secondary
    /// resumed after a pause longer than the lease deposed a healthy primary and threw away
    /// the writes that primary had acknowledged meanwhile.
    public func leaseTick(at now: Moment) -> [ClusterDirective] {
        let previousCheck = lastLeaseCheck
        lastLeaseCheck = now.monotonic
        if let previousCheck, let seen = lastLeaderSeen {
            let gap = now.monotonic - previousCheck
            if gap > configuration.leaseCheckInterval * 5 {
                let shifted = seen + (gap - configuration.leaseCheckInterval)
                lastLeaderSeen = shifted < now.monotonic ? shifted : now.monotonic
            }
        }
        switch role {
        case .secondary, .joining:
            if hasCompleteState, !isJoinInFlight, let lastLeaderSeen,
                now.monotonic - lastLeaderSeen > configuration.leaseDuration + configuration.leaseGrace
            {
                return promote(
                    reason: "no heartbeat for \(formatSeconds(now.monotonic - lastLeaderSeen)) (2 s lease + 2 s grace)",
                    at: now)
            }
            if role == .joining, !isJoinInFlight,
                lastDiscoveryAt.map({ now.monotonic - $0 >= configuration.recoveryRetryInterval }) ?? true
            {
                lastDiscoveryAt = now.monotonic
                return [.probePeers(configuration.peers)]
            }
            return []
        case .primary, .unknown:
            return []
        }
    }

    func promote(reason: String, at now: Moment) -> [ClusterDirective] {
        let previous = role
        role = .primary
        epoch += 1
        leaderAddress = advertisedAddress
        lastLeaderSeen = now.monotonic
        lastPromotionAt = now.monotonic
        isJoinInFlight = false
        clearReplicationQueue()
        return [.roleChanged(RoleChange(from: previous, to: .primary, epoch: epoch, reason: reason)), .sendHeartbeatsNow]
    }

    /// The wall-clock time of the last lease refresh, for heartbeat acknowledgements.
    func lastLeaderSeenWall(at now: Moment) -> WallTime {
        guard let lastLeaderSeen else { return .unset }
        return now.wall + (lastLeaderSeen - now.monotonic)
    }

    func formatSeconds(_ duration: Duration) -> String {
        let milliseconds = duration.nanoseconds / 1_000_000
        return "\(milliseconds / 1000).\(String(milliseconds % 1000 + 1000).dropFirst()) s"
    }
}
