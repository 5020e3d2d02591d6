import BunnyCore
import Testing

/// Node indices, for reading.
let node1 = 0
let node2 = 1

/// A started pair with node1 PRIMARY at epoch 1 and node2 SECONDARY.
func startedPair(seed: UInt64 = 1) -> (SimulatedCluster, ClientWorkload) {
    let cluster = SimulatedCluster(seed: seed)
    cluster.startAll()
    cluster.run(for: .seconds(2))
    return (cluster, ClientWorkload(cluster: cluster))
}

/// A few writes of every kind, all on `node`.
@discardableResult
func writeSomeData(_ client: ClientWorkload, on node: Int, prefix: String = "d") -> [String] {
    var ids: [String] = []
    for index in 0..<5 {
        if let id = client.createBlob("\(prefix)-blob-\(index)", on: node) { ids.append(id) }
    }
    if let counter = client.createCounter(value: 10, on: node) {
        client.increment(counter, by: 5, on: node)
        ids.append(counter)
    }
    if ids.count > 1 { client.update(ids[1], to: "\(prefix)-updated", on: node) }
    if let named = client.createByName("\(prefix)-name", on: node) { ids.append(named) }
    return ids
}

/// Store and name differences between two nodes, as text.
func differences(_ cluster: SimulatedCluster, _ left: Int = node1, _ right: Int = node2) -> [String] {
    let leftStores = cluster.nodes[left].storeSummaries
    let rightStores = cluster.nodes[right].storeSummaries
    var problems: [String] = []
    for id in Set(leftStores.keys).union(rightStores.keys).sorted() where leftStores[id] != rightStores[id] {
        problems.append(
            "store \(id): node\(left + 1) \(leftStores[id].map { "\($0)" } ?? "absent"), node\(right + 1) \(rightStores[id].map { "\($0)" } ?? "absent")"
        )
    }
    let leftNames = cluster.nodes[left].nameSummaries
    let rightNames = cluster.nodes[right].nameSummaries
    for key in Set(leftNames.keys).union(rightNames.keys).sorted() where leftNames[key] != rightNames[key] {
        problems.append(
            "name \(key): node\(left + 1) \(leftNames[key].map { "\($0)" } ?? "absent"), node\(right + 1) \(rightNames[key].map { "\($0)" } ?? "absent")"
        )
    }
    return problems
}

func roleChanges(of node: Int, in cluster: SimulatedCluster, after time: Duration = .zero) -> [RoleChange] {
    cluster.roleChanges.filter { $0.node == node && $0.time >= time }.map(\.change)
}

func isLockStateUnknown(_ outcome: PublicOutcome) -> Bool {
    if case .failure(let error) = outcome { return error.code == .lockStateUnknown && error.status == 409 }
    return false
}

@Suite("Cluster stories on the simulated network")
struct ClusterStoryTests {
    @Test("1. Fresh pair: node1 PRIMARY at epoch 1, node2 joins as SECONDARY, writes replicate")
    func freshPair() {
        let (cluster, client) = startedPair()
        #expect(cluster.node(1).role == .primary, "\(cluster.narrative)")
        #expect(cluster.node(1).epoch == 1)
        #expect(cluster.node(2).role == .secondary, "\(cluster.narrative)")
        #expect(cluster.node(2).epoch == 1)
        #expect(roleChanges(of: node2, in: cluster).allSatisfy { $0.to != .primary })

        let ids = writeSomeData(client, on: node1)
        #expect(ids.count == 7)
        #expect(client.delete(ids[0], on: node1))
        cluster.run(for: .milliseconds(500))

        #expect(differences(cluster) == [])
        #expect(cluster.node(2).replica.stores[ids[0]] == nil)
        #expect(cluster.node(2).nameSummaries.count == 1)
        #expect(client.differencesFromAcknowledged(on: node2) == [])
        #expect(cluster.status(node1).queueLength == 0)
        #expect(cluster.violations == [])
    }

    @Test("2. Kill the primary: node2 promotes at epoch 2 within 4.0–4.3 s; node1 restarts and joins")
    func killPrimary() {
        let (cluster, client) = startedPair(seed: 2)
        let ids = writeSomeData(client, on: node1)
        #expect(client.delete(ids[2], on: node1))
        cluster.run(for: .milliseconds(500))
        #expect(differences(cluster) == [])

        cluster.kill(node1)
        let killedAt = cluster.now
        let promoted = cluster.run(until: { cluster.node(2).role == .primary }, limit: .seconds(6))
        #expect(promoted, "\(cluster.narrative)")
        #expect(cluster.node(2).epoch == 2)
        let promotion = cluster.roleChanges.last { $0.node == node2 && $0.change.to == .primary }!
        let lastHeartbeat = try! #require(cluster.node(2).lastAcceptedHeartbeat)
        let detection = promotion.time - lastHeartbeat
        #expect(detection > .seconds(4) && detection <= .milliseconds(4300), "detected after \(detection)")
        #expect(promotion.time - killedAt <= .milliseconds(4300))

        // Work on the new primary after the LockStateUnknown window: a delete and a write.
        cluster.run(for: .milliseconds(600))
        #expect(client.delete(ids[3], on: node2))
        #expect(client.update(ids[1], to: "after-failover", on: node2))

        cluster.start(node1)
        cluster.run(for: .seconds(3))
        #expect(cluster.node(1).role == .secondary, "\(cluster.narrative)")
        #expect(cluster.node(1).epoch == 2)
        #expect(cluster.node(2).role == .primary)
        #expect(roleChanges(of: node1, in: cluster, after: killedAt).allSatisfy { $0.to != .primary })
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node1) == [])
        // No deleted store came back, on either side.
        for deleted in [ids[2], ids[3]] {
            #expect(cluster.node(1).replica.stores[deleted] == nil)
            #expect(cluster.node(2).replica.stores[deleted] == nil)
        }
        #expect(cluster.violations == [])
    }

    @Test("3. Pause the primary past the lease: the old primary steps down on resume and re-joins")
    func pausePrimary() {
        let (cluster, client) = startedPair(seed: 3)
        let before = writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.pause(node1)
        cluster.run(for: .seconds(6))
        #expect(cluster.node(2).role == .primary, "\(cluster.narrative)")
        #expect(cluster.node(2).epoch == 2)
        let after = writeSomeData(client, on: node2, prefix: "new")
        #expect(after.count == 7)
        #expect(client.update(before[0], to: "changed-on-node2", on: node2))

        let resumedAt = cluster.now
        cluster.resume(node1)
        // The stale primary steps down as soon as it hears of epoch 2 (heartbeat or ack).
        let steppedDown = cluster.run(until: { cluster.node(1).role != .primary }, limit: .seconds(1))
        #expect(steppedDown, "\(cluster.narrative)")
        #expect(cluster.now - resumedAt <= .milliseconds(250))
        let stepDown = roleChanges(of: node1, in: cluster, after: resumedAt).first!
        #expect(stepDown.from == .primary && stepDown.to == .joining && stepDown.epoch == 2, "\(stepDown)")

        cluster.run(for: .seconds(3))
        #expect(cluster.primaries == [node2], "\(cluster.narrative)")
        #expect(cluster.node(1).role == .secondary)
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node1) == [])
        #expect(cluster.violations == [])
    }

    @Test("4a. Partition both ways for 10 s, then heal: one PRIMARY, the higher epoch, same data")
    func partitionBothWays() {
        let (cluster, client) = startedPair(seed: 4)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.network.update(from: node1, to: node2) { $0.partitioned = true }
        cluster.network.update(from: node2, to: node1) { $0.partitioned = true }
        client.start()
        cluster.run(for: .seconds(10))
        // Both sides believe they lead: node1 never hears of epoch 2.
        #expect(cluster.node(1).role == .primary && cluster.node(1).epoch == 1, "\(cluster.narrative)")
        #expect(cluster.node(2).role == .primary && cluster.node(2).epoch == 2, "\(cluster.narrative)")

        cluster.network.healAll()
        cluster.run(for: .seconds(3))
        client.stop()
        cluster.run(for: .seconds(3))
        #expect(cluster.primaries == [node2], "\(cluster.narrative)")
        #expect(cluster.node(1).role == .secondary && cluster.node(1).epoch == 2)
        #expect(differences(cluster) == [])
        #expect(client.unacknowledgedContents(on: node2) == [])
        #expect(cluster.violations == [])
    }

    @Test("4b. One-way: heartbeats node1→node2 lost while replication flows")
    func heartbeatsLostOneWay() {
        let (cluster, client) = startedPair(seed: 5)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.network.update(from: node1, to: node2, classes: [.heartbeat]) { $0.partitioned = true }
        // Replication keeps flowing, so everything node1 acknowledges reaches node2 before it
        // takes over.
        for index in 0..<10 {
            writeSomeData(client, on: node1, prefix: "p\(index)")
            cluster.run(for: .milliseconds(300))
        }
        let promoted = cluster.run(until: { cluster.node(2).role == .primary }, limit: .seconds(3))
        #expect(promoted, "\(cluster.narrative)")
        #expect(cluster.node(2).epoch == 2)
        cluster.run(for: .seconds(3))
        #expect(cluster.primaries == [node2], "\(cluster.narrative)")
        #expect(cluster.node(1).role == .secondary)
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node2) == [])

        cluster.network.healAll()
        writeSomeData(client, on: node2, prefix: "healed")
        cluster.run(for: .seconds(5))
        #expect(cluster.primaries == [node2], "\(cluster.narrative)")
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node1) == [])
        #expect(cluster.violations == [])
    }

    @Test("4c. One-way: replication lost while heartbeats flow — the queue grows, then drains")
    func replicationLost() {
        let (cluster, client) = startedPair(seed: 6)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.network.update(from: node1, to: node2, classes: [.replicate]) { $0.partitioned = true }
        var lengths: [Int] = []
        for index in 0..<8 {
            writeSomeData(client, on: node1, prefix: "q\(index)")
            cluster.run(for: .milliseconds(500))
            lengths.append(cluster.status(node1).queueLength + cluster.status(node1).registryQueueLength)
        }
        #expect(lengths == lengths.sorted() && lengths.last! > 50, "\(lengths)")
        #expect(cluster.primaries == [node1], "heartbeats flow: no failover\n\(cluster.narrative)")
        #expect(cluster.status(node1).replicationFailCount >= 3)
        let degraded = cluster.handle(client.request(.create, body: "degraded"), on: node1)
        guard case .success(let response) = degraded else {
            Issue.record("create refused: \(degraded)")
            return
        }
        #expect(response.degradedWrite)
        #expect(!differences(cluster).isEmpty)

        cluster.network.healAll()
        cluster.run(for: .seconds(2))
        #expect(cluster.status(node1).queueLength == 0)
        #expect(cluster.status(node1).registryQueueLength == 0)
        #expect(cluster.primaries == [node1])
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node2) == [])
        #expect(cluster.violations == [])
    }

    @Test("5. Lost, duplicated and reordered replication: identical stores after a quiet period")
    func lossyReplication() {
        let (cluster, client) = startedPair(seed: 7)
        for (from, to) in [(node1, node2), (node2, node1)] {
            cluster.network.update(from: from, to: to, classes: [.replicate]) { rule in
                rule.dropProbability = 0.2
                rule.duplicateProbability = 0.3
                rule.reorderProbability = 0.3
                rule.reorderDelay = .milliseconds(1500)
            }
        }
        client.start()
        cluster.run(for: .seconds(20))
        client.stop()
        cluster.network.healAll()
        cluster.run(for: .seconds(5))
        #expect(client.acknowledgements > 100)
        #expect(cluster.primaries == [node1], "\(cluster.narrative)")
        #expect(differences(cluster) == [], "\(cluster.narrative)")
        #expect(client.differencesFromAcknowledged(on: node2) == [])
        #expect(cluster.violations == [])
    }

    @Test("6. A stale-epoch replicate message replayed after a failover is refused with 409")
    func staleEpochReplay() {
        let (cluster, client) = startedPair(seed: 8)
        let ids = writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        // Keep copies of epoch-1 replication: an update, a create, a delete and a name.
        cluster.network.update(from: node1, to: node2, classes: [.replicate]) { $0.holdCopies = true }
        client.update(ids[0], to: "epoch-1 update", on: node1)
        let late = client.createBlob("epoch-1 create", on: node1)!
        client.delete(ids[4], on: node1)
        client.createByName("epoch-1-name", on: node1)
        cluster.run(for: .milliseconds(500))
        cluster.network.update(from: node1, to: node2, classes: [.replicate]) { $0.holdCopies = false }
        #expect(cluster.network.held.count >= 5)

        // Failover: node1 pauses past the lease, node2 takes over at epoch 2 and changes things.
        cluster.pause(node1)
        cluster.run(for: .seconds(6))
        #expect(cluster.node(2).role == .primary && cluster.node(2).epoch == 2)
        cluster.run(for: .milliseconds(600))
        #expect(client.update(ids[0], to: "epoch-2 update", on: node2))
        #expect(client.delete(late, on: node2))
        cluster.resume(node1)
        cluster.run(for: .seconds(3))
        #expect(cluster.node(1).role == .secondary && cluster.node(1).epoch == 2, "\(cluster.narrative)")

        // Replay the epoch-1 copies to the new primary: all refused, nothing changes.
        let primaryBefore = cluster.node(2).storeSummaries
        let namesBefore = cluster.node(2).nameSummaries
        cluster.replayHeld()
        cluster.run(for: .milliseconds(100))
        #expect(cluster.replays.count >= 5)
        for replay in cluster.replays { #expect(replay.outcome.hasPrefix("409 stale epoch: 1 < 2"), "\(replay)") }
        #expect(cluster.node(2).storeSummaries == primaryBefore)
        #expect(cluster.node(2).nameSummaries == namesBefore)

        // And to a SECONDARY: copies of epoch-2 replication reach node1 after an operator
        // promote moved the pair to epoch 3.
        cluster.network.update(from: node2, to: node1, classes: [.replicate]) { $0.holdCopies = true }
        client.update(ids[0], to: "epoch-2 second update", on: node2)
        client.delete(ids[1], on: node2)
        cluster.run(for: .milliseconds(300))
        cluster.network.update(from: node2, to: node1, classes: [.replicate]) { $0.holdCopies = false }
        #expect(cluster.network.held.count == 2)
        cluster.operatorPromote(node2)
        cluster.run(for: .seconds(3))
        #expect(cluster.node(2).role == .primary && cluster.node(2).epoch == 3, "\(cluster.narrative)")
        #expect(cluster.node(1).role == .secondary && cluster.node(1).epoch == 3, "\(cluster.narrative)")
        let secondaryBefore = cluster.node(1).storeSummaries
        let replayed = cluster.replays.count
        cluster.replayHeld()
        cluster.run(for: .milliseconds(100))
        #expect(cluster.replays.count == replayed + 2)
        for replay in cluster.replays.dropFirst(replayed) {
            #expect(replay.to == node1)
            #expect(replay.outcome.hasPrefix("409 stale epoch: 2 < 3"), "\(replay)")
        }
        #expect(cluster.node(1).storeSummaries == secondaryBefore)
        #expect(differences(cluster) == [])
        #expect(cluster.violations == [])
    }

    @Test("7. Restart of the primary within the lease: no empty primary; node2 takes over; data survives")
    func restartWithinLease() {
        let (cluster, client) = startedPair(seed: 9)
        let ids = writeSomeData(client, on: node1)
        client.delete(ids[0], on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.kill(node1)
        let killedAt = cluster.now
        cluster.run(for: .seconds(1))
        cluster.start(node1)
        cluster.run(for: .seconds(1))
        #expect(cluster.node(1).role == .joining, "waits for the peer's lease to run out\n\(cluster.narrative)")
        #expect(cluster.node(2).role == .secondary)

        cluster.run(for: .seconds(5))
        #expect(cluster.node(2).role == .primary && cluster.node(2).epoch == 2, "\(cluster.narrative)")
        #expect(cluster.node(1).role == .secondary && cluster.node(1).epoch == 2, "\(cluster.narrative)")
        #expect(roleChanges(of: node1, in: cluster, after: killedAt).allSatisfy { $0.to != .primary })
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node2) == [])
        #expect(client.differencesFromAcknowledged(on: node1) == [])
        #expect(cluster.node(1).replica.stores[ids[0]] == nil)
        #expect(cluster.violations == [])
    }

    @Test("8. Restart of the primary after the lease: it finds the new primary and joins it")
    func restartAfterLease() {
        let (cluster, client) = startedPair(seed: 10)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.kill(node1)
        let killedAt = cluster.now
        cluster.run(for: .seconds(6))
        #expect(cluster.node(2).role == .primary && cluster.node(2).epoch == 2)
        writeSomeData(client, on: node2, prefix: "while-down")
        cluster.start(node1)
        cluster.run(for: .seconds(2))
        #expect(cluster.node(1).role == .secondary && cluster.node(1).epoch == 2, "\(cluster.narrative)")
        #expect(roleChanges(of: node1, in: cluster, after: killedAt).allSatisfy { $0.to != .primary })
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node1) == [])
        #expect(cluster.violations == [])
    }

    @Test("9a. Equal-epoch split brain from a partitioned start: the node with more stores keeps the role")
    func equalEpochSplitBrainAtStart() {
        let cluster = SimulatedCluster(seed: 11)
        let client = ClientWorkload(cluster: cluster)
        cluster.network.update(from: node1, to: node2) { $0.partitioned = true }
        cluster.network.update(from: node2, to: node1) { $0.partitioned = true }
        cluster.startAll()
        cluster.run(for: .seconds(8))
        #expect(cluster.node(1).role == .primary && cluster.node(1).epoch == 1, "\(cluster.narrative)")
        #expect(cluster.node(2).role == .primary && cluster.node(2).epoch == 1, "\(cluster.narrative)")
        client.createBlob("only-on-node1", on: node1)
        writeSomeData(client, on: node2, prefix: "node2")

        cluster.network.healAll()
        cluster.run(for: .seconds(3))
        #expect(cluster.primaries == [node2], "\(cluster.narrative)")
        #expect(cluster.node(2).epoch == 2)
        #expect(cluster.node(1).role == .secondary && cluster.node(1).epoch == 2)
        #expect(differences(cluster) == [])
        #expect(cluster.node(1).storeSummaries.count == 7)
        #expect(cluster.violations == [])
    }

    @Test("9b. Equal-epoch split brain by operator promote on both sides: resolved to one PRIMARY")
    func equalEpochSplitBrainByPromote() {
        let (cluster, client) = startedPair(seed: 12)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.network.update(from: node1, to: node2) { $0.partitioned = true }
        cluster.network.update(from: node2, to: node1) { $0.partitioned = true }
        #expect(cluster.describe(cluster.operatorPromote(node2)) == "200")
        #expect(cluster.describe(cluster.operatorPromote(node1)) == "200")
        #expect(cluster.node(1).epoch == 2 && cluster.node(2).epoch == 2)
        #expect(cluster.primaries == [node1, node2])
        cluster.run(for: .milliseconds(600))
        writeSomeData(client, on: node1, prefix: "more-on-node1")
        cluster.run(for: .seconds(2))

        cluster.network.healAll()
        cluster.run(for: .seconds(3))
        #expect(cluster.primaries == [node1], "\(cluster.narrative)")
        #expect(cluster.node(1).epoch == 3)
        #expect(cluster.node(2).role == .secondary && cluster.node(2).epoch == 3)
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node2) == [])
        #expect(cluster.violations == [])
    }

    @Test("10. The LockStateUnknown window: 409 for 500 ms after a failover")
    func lockStateUnknownWindow() {
        let (cluster, client) = startedPair(seed: 13)
        let blob = client.createBlob("locked-maybe", on: node1)!
        let counter = client.createCounter(on: node1)!
        cluster.run(for: .milliseconds(500))

        cluster.kill(node1)
        #expect(cluster.run(until: { cluster.node(2).role == .primary }, limit: .seconds(6)))
        let promotedAt = cluster.now
        let begin = client.request(.beginModify(storeID: blob))
        #expect(isLockStateUnknown(cluster.handle(begin, on: node2)))
        #expect(isLockStateUnknown(cluster.handle(client.request(.update(storeID: blob), body: "x"), on: node2)))
        #expect(
            isLockStateUnknown(
                cluster.handle(client.request(.increment(storeID: counter), body: "{\"delta\":1}"), on: node2)))
        #expect(isLockStateUnknown(cluster.handle(client.request(.delete(storeID: blob)), on: node2)))
        // Creates and reads proceed.
        #expect(client.createBlob("new", on: node2) != nil)
        if case .success = cluster.handle(client.request(.snapshot(storeID: blob)), on: node2) {
        } else {
            Issue.record("snapshot refused in the window")
        }

        cluster.run(for: .milliseconds(450))
        #expect(isLockStateUnknown(cluster.handle(begin, on: node2)))
        cluster.run(until: { cluster.now - promotedAt > .milliseconds(500) }, limit: .seconds(1))
        cluster.run(for: .milliseconds(10))
        let after = cluster.handle(begin, on: node2)
        guard case .success(let response) = after else {
            Issue.record("begin-modify after the window: \(after)")
            return
        }
        #expect(response.lockID != nil)
        #expect(cluster.violations == [])
    }

    @Test("11a. Primary lost while the other node is JOINING without complete state: it does not promote")
    func joiningWithoutStateDoesNotPromote() {
        let cluster = SimulatedCluster(seed: 14)
        let client = ClientWorkload(cluster: cluster)
        // A node that finds no live peer takes the primary role alone, once it has been up
        // for longer than the lease (a lost probe must not make an empty primary).
        cluster.start(node1)
        cluster.run(for: .seconds(4))
        #expect(cluster.node(1).role == .joining, "\(cluster.narrative)")
        cluster.run(for: .seconds(2))
        #expect(cluster.node(1).role == .primary && cluster.node(1).epoch == 1, "\(cluster.narrative)")
        writeSomeData(client, on: node1)

        // node2 starts but can never fetch a snapshot.
        cluster.network.update(from: node1, to: node2, classes: [.join]) { $0.partitioned = true }
        cluster.start(node2)
        cluster.run(for: .seconds(3))
        #expect(cluster.node(2).role == .joining)
        #expect(cluster.node(2).epoch == 1)
        #expect(!cluster.node(2).replica.hasCompleteState)

        cluster.kill(node1)
        cluster.run(for: .seconds(15))
        #expect(cluster.node(2).role == .joining, "\(cluster.narrative)")
        #expect(cluster.status(node2).role == .joining)
        #expect(roleChanges(of: node2, in: cluster).allSatisfy { $0.to != .primary })
        #expect(cluster.node(2).replica.stores.isEmpty)
    }

    @Test("11b. A JOINING node that held complete state before may promote after the lease")
    func joiningWithStatePromotes() {
        let (cluster, client) = startedPair(seed: 15)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        // An epoch bump sends node2 back to JOINING; its join cannot complete.
        cluster.network.update(from: node1, to: node2, classes: [.join]) { $0.partitioned = true }
        cluster.operatorPromote(node1)
        cluster.run(for: .seconds(1))
        #expect(cluster.node(2).role == .joining && cluster.node(2).epoch == 2, "\(cluster.narrative)")
        #expect(cluster.node(2).replica.hasCompleteState)

        cluster.kill(node1)
        let promoted = cluster.run(until: { cluster.node(2).role == .primary }, limit: .seconds(6))
        #expect(promoted, "\(cluster.narrative)")
        #expect(cluster.node(2).epoch == 3)
        #expect(client.differencesFromAcknowledged(on: node2) == [])
        cluster.network.healAll()
        cluster.start(node1)
        cluster.run(for: .seconds(3))
        #expect(cluster.node(1).role == .secondary, "\(cluster.narrative)")
        #expect(differences(cluster) == [])
    }

    @Test("12. Two snapshot fetches in flight: the older snapshot must not win over writes made in between")
    func overlappingJoinFetches() {
        let (cluster, client) = startedPair(seed: 16)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        // node2 restarts; the snapshot travels slowly, so node1's next heartbeat (epoch 1 > 0)
        // reaches node2 while its first fetch is still under way.
        cluster.network.update(from: node1, to: node2, classes: [.join]) { $0.delay = .milliseconds(300) }
        cluster.kill(node2)
        cluster.start(node2)
        let handedOut = cluster.snapshotsHandedOut
        #expect(cluster.run(until: { cluster.snapshotsHandedOut > handedOut }, limit: .seconds(1)))
        cluster.run(for: .milliseconds(5))  // the barrier drops once the snapshot is written out
        guard let between = client.createBlob("written between two snapshots", on: node1) else {
            Issue.record("write refused\n\(cluster.narrative)")
            return
        }
        cluster.run(for: .seconds(3))
        #expect(cluster.node(2).role == .secondary, "\(cluster.narrative)")
        #expect(cluster.node(2).replica.stores[between] != nil, "\(cluster.narrative)")
        #expect(differences(cluster) == [])
    }

    @Test("13. A late duplicate of a join-snapshot request does not drop the replication stream")
    func lateJoinRequest() {
        let (cluster, client) = startedPair(seed: 17)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        // node2 restarts and joins; a copy of its join request is kept.
        cluster.network.update(from: node2, to: node1, classes: [.join]) { $0.holdCopies = true }
        cluster.kill(node2)
        cluster.start(node2)
        cluster.run(for: .seconds(1))
        cluster.network.update(from: node2, to: node1, classes: [.join]) { $0.holdCopies = false }
        #expect(cluster.node(2).role == .secondary, "\(cluster.narrative)")
        #expect(cluster.network.held.count == 1)

        // Writes queue up while replication is cut; then the old request reaches node1.
        cluster.network.update(from: node1, to: node2, classes: [.replicate]) { $0.partitioned = true }
        let queued = writeSomeData(client, on: node1, prefix: "queued")
        cluster.run(for: .milliseconds(300))
        cluster.replayHeld()
        cluster.run(for: .milliseconds(300))
        cluster.network.healAll()
        cluster.run(for: .seconds(3))
        #expect(cluster.node(2).role == .secondary)
        for id in queued { #expect(cluster.node(2).replica.stores[id] != nil, "\(id)") }
        #expect(differences(cluster) == [], "\(cluster.narrative)")
    }

    @Test("14. Operator promote of the PRIMARY while a backlog is queued: the stream still drains")
    func promotePrimaryWithBacklog() {
        let (cluster, client) = startedPair(seed: 18)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.network.update(from: node1, to: node2, classes: [.replicate]) { $0.partitioned = true }
        writeSomeData(client, on: node1, prefix: "backlog")
        cluster.run(for: .milliseconds(300))
        #expect(cluster.status(node1).queueLength > 0)
        #expect(cluster.describe(cluster.operatorPromote(node1)) == "200")
        cluster.run(for: .seconds(1))
        #expect(cluster.node(2).role == .secondary && cluster.node(2).epoch == 2, "\(cluster.narrative)")

        cluster.network.healAll()
        let after = writeSomeData(client, on: node1, prefix: "after")
        cluster.run(for: .seconds(2))
        #expect(cluster.status(node1).queueLength == 0)
        #expect(cluster.status(node1).registryQueueLength == 0)
        for id in after { #expect(cluster.node(2).replica.stores[id] != nil) }
        #expect(differences(cluster) == [])
    }

    @Test("15. Late duplicates of a name's messages (same epoch) do not undo its newer life")
    func lateRegistryDuplicates() {
        let (cluster, client) = startedPair(seed: 19)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.network.update(from: node1, to: node2, classes: [.replicate]) { $0.holdCopies = true }
        let first = client.createByName("reused", on: node1)!
        cluster.run(for: .milliseconds(100))
        #expect(client.deleteByName("reused", on: node1))
        cluster.run(for: .milliseconds(100))
        cluster.network.update(from: node1, to: node2, classes: [.replicate]) { $0.holdCopies = false }
        cluster.run(for: .milliseconds(100))
        let second = client.createByName("reused", on: node1)!
        cluster.run(for: .milliseconds(500))
        #expect(differences(cluster) == [])

        // The first life's RESERVE, CREATE, COMMIT, mark-deleting, DELETE and REGISTRY_DELETE
        // arrive again, late, at the same epoch.
        #expect(cluster.network.held.count == 6)
        cluster.replayHeld()
        cluster.run(for: .milliseconds(500))
        for replay in cluster.replays { #expect(replay.outcome == "200", "\(replay)") }
        let entry = cluster.node(2).replica.registry.entry(customerID: "acme", name: "reused")
        #expect(entry?.storeID == second && entry?.state == .active, "\(String(describing: entry))")
        #expect(cluster.node(2).replica.stores[first] == nil)
        #expect(cluster.node(2).replica.stores[second] != nil)
        #expect(differences(cluster) == [])
    }

    @Test("16. Pause the SECONDARY past the lease: on resume it does not depose the healthy primary")
    func pauseSecondary() {
        let (cluster, client) = startedPair(seed: 20)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.pause(node2)
        var written: [String] = []
        for index in 0..<6 {
            written += writeSomeData(client, on: node1, prefix: "during-pause-\(index)")
            cluster.run(for: .seconds(1))
        }
        let resumedAt = cluster.now
        cluster.resume(node2)
        cluster.run(for: .seconds(3))
        // Its own stall is no evidence that the primary died: heartbeats were waiting for it.
        #expect(cluster.primaries == [node1], "\(cluster.narrative)")
        #expect(cluster.node(1).epoch == 1)
        #expect(roleChanges(of: node2, in: cluster, after: resumedAt).isEmpty, "\(cluster.narrative)")
        for id in written { #expect(cluster.node(2).replica.stores[id] != nil) }
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node1) == [])
    }

    @Test("17. Restart of the primary within the lease while its probe is lost: no empty primary next to the data")
    func restartWithLostProbe() {
        let (cluster, client) = startedPair(seed: 21)
        let ids = writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.kill(node1)
        let killedAt = cluster.now
        cluster.run(for: .milliseconds(500))
        // node1's status probes are lost; everything else flows.
        cluster.network.update(from: node1, to: node2, classes: [.probe]) { $0.partitioned = true }
        cluster.start(node1)
        cluster.run(for: .milliseconds(1500))
        cluster.network.healAll()
        cluster.run(for: .seconds(8))

        #expect(cluster.primaries == [node2], "\(cluster.narrative)")
        #expect(cluster.node(1).role == .secondary, "\(cluster.narrative)")
        #expect(roleChanges(of: node1, in: cluster, after: killedAt).allSatisfy { $0.to != .primary })
        for id in ids { #expect(cluster.node(1).replica.stores[id] != nil) }
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node2) == [])
    }

    @Test("18. A deposed primary that cannot re-join does not promote itself over the newer primary")
    func deposedPrimaryDoesNotPromote() {
        let (cluster, client) = startedPair(seed: 22)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.pause(node1)
        cluster.run(for: .seconds(6))
        #expect(cluster.node(2).role == .primary && cluster.node(2).epoch == 2)
        cluster.run(for: .milliseconds(600))
        let newer = writeSomeData(client, on: node2, prefix: "epoch-2")

        // node1 resumes and steps down, but its snapshot never arrives; then node2's
        // heartbeats stop reaching it too.
        cluster.network.update(from: node2, to: node1, classes: [.join]) { $0.partitioned = true }
        cluster.resume(node1)
        cluster.run(for: .milliseconds(300))
        #expect(cluster.node(1).role == .joining && cluster.node(1).epoch == 2, "\(cluster.narrative)")
        cluster.network.update(from: node2, to: node1, classes: [.heartbeat]) { $0.partitioned = true }
        cluster.run(for: .seconds(8))
        #expect(cluster.node(1).role == .joining, "its data lacks epoch 2\n\(cluster.narrative)")
        #expect(cluster.primaries == [node2])

        cluster.network.healAll()
        cluster.run(for: .seconds(3))
        #expect(cluster.primaries == [node2], "\(cluster.narrative)")
        #expect(cluster.node(1).role == .secondary)
        for id in newer { #expect(cluster.node(1).replica.stores[id] != nil) }
        #expect(differences(cluster) == [])
        #expect(client.differencesFromAcknowledged(on: node2) == [])
    }

    @Test(
        "19. Known gap: the primary restarts while the SECONDARY is paused",
        .disabled(
            "needs more than the core API offers: nothing on the wire tells the resumed SECONDARY (epoch 1) that its primary restarted as an empty start-up primary at the same epoch"
        ))
    func restartWhileSecondaryPaused() {
        let (cluster, client) = startedPair(seed: 23)
        writeSomeData(client, on: node1)
        cluster.run(for: .milliseconds(500))

        cluster.kill(node1)
        cluster.run(for: .seconds(1))
        cluster.start(node1)
        cluster.pause(node2)
        cluster.run(for: .seconds(7))  // node1 finds no live peer and starts alone at epoch 1
        cluster.resume(node2)
        cluster.run(for: .seconds(8))
        #expect(cluster.primaries.count == 1)
        #expect(differences(cluster) == [], "\(cluster.narrative)")
    }
}
