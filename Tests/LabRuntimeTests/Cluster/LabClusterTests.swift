import Foundation
import LabCore
import LabRuntime
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The lab with real daemons: `LabCluster` brings up pairs of `bbd` behind fault proxies, and
/// each fault is checked by what the daemons report in `/status` (the 50 ms poller's samples)
/// and by what the proxies journaled. Every wait is bounded.
@Suite("LabClusterTests", .serialized, .enabled(if: LabTest.daemon != nil), .timeLimit(.minutes(3)))
struct LabClusterTests {
    // MARK: 1. Up

    @Test func onePairComesUpWithNode1Primary() async throws {
        let folder = LabTest.makeFolder()
        let started = ContinuousClock.now
        let cluster = try await LabCluster.start(try LabTest.options(folder: folder))
        let elapsed = ContinuousClock.now - started
        print("lab tests: LabCluster.start (1 pair) took \(elapsed)")

        // Ready means settled: the samples are there, with the roles decided.
        let atReturn = await cluster.samples
        #expect(
            LabTest.settled(atReturn, primary: "node1", secondary: "node2", epoch: 1),
            "at return: \(LabTest.describe(atReturn))")
        let ready = await LabTest.waitSettled(cluster, primary: "node1", secondary: "node2", epoch: 1)
        #expect(ready.met, "\(ready)")
        // A role target resolves right away.
        let applied = try await cluster.apply(
            FaultRequest(
                command: .linkRule(
                    link: LinkSelector(from: "primary", to: "secondary"), classes: ["heartbeat"],
                    rule: .delay(milliseconds: 1, jitterMilliseconds: 0))))
        #expect(applied.targets == ["node1->node2"])
        await cluster.shutdown()
        LabTest.removeFolder(folder)
    }

    // MARK: 2. Partition

    @Test func blackholePartitionPromotesTheSecondaryAndHealingFencesTheOldPrimary() async throws {
        try await LabTest.withLab { cluster, folder in
            let ready = await LabTest.waitSettled(cluster, primary: "node1", secondary: "node2", epoch: 1)
            try #require(ready.met, "\(ready)")
            let fault = try await cluster.apply(
                FaultRequest(command: .partition(from: "node1", to: "node2", mode: .blackhole, oneWay: false)))
            #expect(Set(fault.targets) == ["node1->node2", "node2->node1"])

            let promoted = await LabTest.waitFor(cluster, timeout: .seconds(8)) {
                $0["node2"].map { $0.reachable && $0.role == "PRIMARY" } == true
            }
            try #require(promoted.met, "node2 never promoted: \(promoted)")
            let node2 = promoted["node2"]!
            let afterFault = node2.timeNanoseconds - fault.timeNanoseconds
            print("lab tests: node2 PRIMARY \(LabTest.seconds(afterFault)) after the blackhole partition")
            #expect((3_500_000_000...6_000_000_000).contains(afterFault), "\(LabTest.seconds(afterFault))")
            #expect(node2.epoch == 2)
            // Nothing crosses: the old primary still believes it leads at epoch 1.
            #expect(promoted["node1"]?.role == "PRIMARY" && promoted["node1"]?.epoch == 1, "\(promoted)")
            // Heal only once the new primary's heartbeats are swallowed too: on a slow machine
            // the status poller can see the promotion before node2 has sent its first one.
            let newPrimaryCut = await LabTest.waitForJournal(folder, timeout: .seconds(10)) { entries in
                entries.contains {
                    $0.messageClass == .heartbeat && $0.fate == .blackhole && $0.link == "node2->node1"
                        && $0.leaderEpoch == 2
                }
            }
            #expect(newPrimaryCut, "no heartbeat of node2 at epoch 2 was blackholed")

            let healed = await cluster.heal()
            let settled = await LabTest.waitSettled(
                cluster, primary: "node2", secondary: "node1", epoch: 2, timeout: .seconds(3.5))
            #expect(settled.met, "after heal: \(settled)")
            if settled.met {
                let latest = max(settled["node1"]!.timeNanoseconds, settled["node2"]!.timeNanoseconds)
                print("lab tests: one PRIMARY again \(LabTest.seconds(latest - healed.timeNanoseconds)) after heal")
            }

            let journal = LabTest.journal(folder)
            let blackholed = journal.filter {
                $0.messageClass == .heartbeat && $0.fate == .blackhole
                    && (fault.timeNanoseconds..<healed.timeNanoseconds).contains($0.timeNanoseconds)
            }
            #expect(
                blackholed.contains { $0.link == "node1->node2" && $0.leaderEpoch == 1 },
                "\(blackholed.count) blackholed")
            #expect(
                blackholed.contains { $0.link == "node2->node1" && $0.leaderEpoch == 2 },
                "\(blackholed.count) blackholed")
            // Nothing got an answer through in either direction while the partition held.
            let answered = journal.filter {
                $0.status != nil && $0.fate == .deliver
                    && (fault.timeNanoseconds + 50_000_000..<healed.timeNanoseconds).contains($0.timeNanoseconds)
            }
            #expect(answered.isEmpty, "\(answered.map { "\($0.link) \($0.messageClass)" })")
        }
    }

    /// One way, refused: the secondary hears nothing and promotes; its heartbeats still reach the
    /// old primary, which steps down at once (but cannot fetch a snapshot through the cut link).
    @Test func oneWayRefusePartitionFencesTheOldPrimaryBeforeTheHeal() async throws {
        try await LabTest.withLab { cluster, folder in
            let ready = await LabTest.waitSettled(cluster, primary: "node1", secondary: "node2", epoch: 1)
            try #require(ready.met, "\(ready)")
            let fault = try await cluster.apply(
                FaultRequest(command: .partition(from: "primary", to: "secondary", mode: .refuse, oneWay: true)))
            #expect(fault.targets == ["node1->node2"])
            let promoted = await LabTest.waitFor(cluster, timeout: .seconds(8)) {
                $0["node2"].map { $0.reachable && $0.role == "PRIMARY" } == true
            }
            try #require(promoted.met, "node2 never promoted: \(promoted)")
            let afterFault = promoted["node2"]!.timeNanoseconds - fault.timeNanoseconds
            print("lab tests: node2 PRIMARY \(LabTest.seconds(afterFault)) after a one-way refuse partition")
            #expect((3_500_000_000...6_000_000_000).contains(afterFault), "\(LabTest.seconds(afterFault))")
            let fenced = await LabTest.waitFor(cluster, timeout: .seconds(1.5)) {
                $0["node1"].map { $0.reachable && $0.role != "PRIMARY" } == true
            }
            #expect(fenced.met, "the old primary kept leading: \(fenced)")
            // And it stays fenced while the link is cut (2 s of samples).
            var splitBrain: [String] = []
            let until = ContinuousClock.now + .seconds(2)
            while ContinuousClock.now < until {
                let samples = await cluster.samples
                if samples.values.filter({ $0.reachable && $0.role == "PRIMARY" }).count > 1 {
                    splitBrain.append(LabTest.describe(samples))
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(splitBrain.isEmpty, "\(splitBrain.count) samples with two PRIMARYs, e.g. \(splitBrain.first ?? "")")
            // Refused connections carry no message, so they are counted, not journaled.
            let links = try #require(Self.links(in: await cluster.statusJSON()))
            let refused = links.first { $0["name"] as? String == "node1->node2" }?["connections_refused"] as? Int
            #expect((refused ?? 0) > 0, "\(links)")
            #expect(!LabTest.journal(folder).contains { $0.link == "node2->node1" && $0.fate != .deliver })

            _ = await cluster.heal()
            let settled = await LabTest.waitSettled(cluster, primary: "node2", secondary: "node1", epoch: 2)
            #expect(settled.met, "after heal: \(settled)")
        }
    }

    // MARK: 3. Heartbeats dropped, replication flowing

    @Test func droppedHeartbeatsPromoteWhileReplicationFlows() async throws {
        try await LabTest.withLab { cluster, folder in
            let ready = await LabTest.waitSettled(cluster, primary: "node1", secondary: "node2", epoch: 1)
            try #require(ready.met, "\(ready)")
            let writer = PublicAPI(cluster, node: "node1")
            for index in 0..<5 { _ = try writer.create("before-\(index)") }
            let replicated = await LabTest.waitFor(cluster, timeout: .seconds(5)) { $0["node2"]?.storeCount == 5 }
            try #require(replicated.met, "\(replicated)")

            var faults: [AppliedFault] = []
            for link in [
                LinkSelector(from: "primary", to: "secondary"), LinkSelector(from: "secondary", to: "primary"),
            ] {
                faults.append(
                    try await cluster.apply(
                        FaultRequest(
                            command: .linkRule(link: link, classes: ["heartbeat"], rule: .drop(probability: 1)))))
            }
            #expect(faults.map(\.targets) == [["node1->node2"], ["node2->node1"]])

            // Keep writing to the primary (one create every 100 ms) until the secondary promotes.
            var written = 5
            var promoted: NodeStatusSample?
            var secondaryCounts: [Int] = []
            let deadline = ContinuousClock.now + .seconds(8)
            while promoted == nil, ContinuousClock.now < deadline {
                _ = try writer.create("during-\(written)")
                written += 1
                let samples = await cluster.samples
                if let node2 = samples["node2"], node2.reachable {
                    if node2.role == "PRIMARY" { promoted = node2 } else { secondaryCounts.append(node2.storeCount) }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let last = await cluster.samples
            let node2 = try #require(promoted, "node2 never promoted: \(LabTest.describe(last))")
            let afterFault = node2.timeNanoseconds - faults[0].timeNanoseconds
            print(
                "lab tests: node2 PRIMARY \(LabTest.seconds(afterFault)) after heartbeats were dropped; "
                    + "secondary store count \(secondaryCounts.first ?? -1) → \(secondaryCounts.last ?? -1) meanwhile")
            #expect((3_500_000_000...6_000_000_000).contains(afterFault), "\(LabTest.seconds(afterFault))")
            #expect(node2.epoch == 2)
            // Replication kept flowing while no heartbeat crossed.
            #expect((secondaryCounts.last ?? 0) > 5 + 10, "\(secondaryCounts)")
            let journal = LabTest.journal(folder)
            let window = faults[1].timeNanoseconds..<node2.timeNanoseconds
            #expect(
                journal.contains {
                    $0.messageClass == .heartbeat && $0.fate == .drop && window.contains($0.timeNanoseconds)
                })
            #expect(
                !journal.contains {
                    $0.messageClass == .heartbeat && $0.status != nil && window.contains($0.timeNanoseconds)
                })
            #expect(
                journal.contains {
                    $0.messageClass == .replicate && $0.status == 200 && window.contains($0.timeNanoseconds)
                })

            let healed = await cluster.heal()
            let settled = await LabTest.waitSettled(cluster, primary: "node2", secondary: "node1", epoch: 2)
            #expect(settled.met, "after heal: \(settled)")
            if settled.met {
                let latest = max(settled["node1"]!.timeNanoseconds, settled["node2"]!.timeNanoseconds)
                print("lab tests: one PRIMARY again \(LabTest.seconds(latest - healed.timeNanoseconds)) after heal")
            }
        }
    }

    // MARK: 4. Replication delayed

    @Test func delayedReplicationQueuesAndDrainsAfterHeal() async throws {
        try await LabTest.withLab { cluster, folder in
            let ready = await LabTest.waitSettled(cluster, primary: "node1", secondary: "node2", epoch: 1)
            try #require(ready.met, "\(ready)")
            let fault = try await cluster.apply(
                FaultRequest(
                    command: .linkRule(
                        link: LinkSelector(from: "primary", to: "secondary"), classes: ["replicate"],
                        rule: .delay(milliseconds: 300, jitterMilliseconds: 0))))
            #expect(fault.targets == ["node1->node2"])
            let writer = PublicAPI(cluster, node: "node1")
            let count = 40
            for index in 0..<count { _ = try writer.create("burst-\(index)") }

            let queued = await LabTest.waitFor(cluster, timeout: .seconds(3)) { ($0["node1"]?.queueLength ?? 0) > 0 }
            #expect(queued.met, "the primary's queue never rose: \(queued)")
            if queued.met {
                print(
                    "lab tests: primary queue_length \(queued["node1"]!.queueLength) under a 300 ms replication delay")
            }
            // Still delayed: the secondary lags behind.
            #expect(queued["node2"].map { $0.storeCount < count } == true, "\(queued)")

            _ = await cluster.heal()
            let drained = await LabTest.waitFor(cluster, timeout: .seconds(5)) {
                $0["node1"]?.queueLength == 0 && $0["node1"]?.storeCount == count && $0["node2"]?.storeCount == count
            }
            #expect(drained.met, "after heal: \(drained)")
            let delays = LabTest.journal(folder).filter { $0.messageClass == .replicate && $0.link == "node1->node2" }
                .compactMap(\.delayMicroseconds)
            #expect(delays.contains(300_000))
        }
    }

    // MARK: 5. Duplicated and reordered replication

    @Test func duplicatedAndReorderedReplicationLeavesIdenticalStores() async throws {
        try await LabTest.withLab { cluster, folder in
            let ready = await LabTest.waitSettled(cluster, primary: "node1", secondary: "node2", epoch: 1)
            try #require(ready.met, "\(ready)")
            let primary = PublicAPI(cluster, node: "node1")
            let secondary = PublicAPI(cluster, node: "node2")
            var ids: [String] = []
            for index in 0..<4 { ids.append(try primary.create("store-\(index) v0")) }
            let link = LinkSelector(from: "node1", to: "node2")

            // Every replicate message twice, then swapped in pairs. Each phase ends when the
            // primary's stream has drained, so that its messages all crossed under its rule.
            var phaseFates: [String: Set<JournalFate>] = [:]
            for (phase, rule) in [("duplicate", LinkRule.duplicate(probability: 1)), ("reorder", .reorder)] {
                let applied = try await cluster.apply(
                    FaultRequest(command: .linkRule(link: link, classes: ["replicate"], rule: rule)))
                for round in 1...5 {
                    for (index, id) in ids.enumerated() { try primary.update(id, "store-\(index) \(phase) \(round)") }
                }
                let written = cluster.clock.now()
                let drained = await LabTest.waitFor(cluster, timeout: .seconds(5)) {
                    $0["node1"].map { $0.timeNanoseconds > written && $0.queueLength == 0 } == true
                }
                #expect(drained.met, "\(phase): \(drained)")
                phaseFates[phase] = Set(
                    LabTest.journal(folder).filter {
                        $0.link == "node1->node2" && $0.messageClass == .replicate
                            && $0.timeNanoseconds > applied.timeNanoseconds
                    }.map(\.fate))
            }
            _ = await cluster.heal()

            // Quiet: the stream drained; then both nodes answer the same for every store.
            let quiet = await LabTest.waitFor(cluster, timeout: .seconds(5)) {
                $0["node1"]?.queueLength == 0 && $0["node2"]?.storeCount == ids.count
            }
            #expect(quiet.met, "\(quiet)")
            var mismatches: [String] = []
            let deadline = ContinuousClock.now + .seconds(3)
            repeat {
                mismatches = []
                for (index, id) in ids.enumerated() {
                    let onPrimary = try primary.read(id)
                    let onSecondary = try secondary.read(id)
                    if onPrimary != "store-\(index) reorder 5" || onSecondary != onPrimary {
                        mismatches.append("\(index): \(onPrimary ?? "nil") / \(onSecondary ?? "nil")")
                    }
                }
                if mismatches.isEmpty { break }
                try await Task.sleep(for: .milliseconds(50))
            } while ContinuousClock.now < deadline
            #expect(mismatches.isEmpty, "\(mismatches)")

            #expect(phaseFates["duplicate"]?.isSuperset(of: [.duplicate, .duplicateCopy]) == true, "\(phaseFates)")
            #expect(phaseFates["reorder"]?.isSuperset(of: [.holdForReorder, .reorderRelease]) == true, "\(phaseFates)")
        }
    }

    // MARK: 6. Stale-epoch replay

    @Test func staleEpochReplayAfterFailoverIsRefused() async throws {
        try await LabTest.withLab { cluster, folder in
            let ready = await LabTest.waitSettled(cluster, primary: "node1", secondary: "node2", epoch: 1)
            try #require(ready.met, "\(ready)")
            _ = try await cluster.apply(
                FaultRequest(
                    command: .linkRule(
                        link: LinkSelector(from: "node1", to: "node2"), classes: ["replicate"], rule: .replay)))
            let writer = PublicAPI(cluster, node: "node1")
            var ids: [String] = []
            for index in 0..<3 { ids.append(try writer.create("epoch1-\(index)")) }
            for (index, id) in ids.enumerated() { try writer.update(id, "epoch1-\(index) updated") }
            let replicated = await LabTest.waitFor(cluster, timeout: .seconds(5)) {
                $0["node2"]?.storeCount == 3 && $0["node1"]?.queueLength == 0
            }
            try #require(replicated.met, "\(replicated)")

            _ = try await cluster.apply(FaultRequest(command: .kill(target: "primary")))
            let promoted = await LabTest.waitFor(cluster, timeout: .seconds(8)) {
                $0["node2"].map { $0.reachable && $0.role == "PRIMARY" && $0.epoch == 2 } == true
            }
            try #require(promoted.met, "node2 never promoted: \(promoted)")
            _ = try await cluster.apply(FaultRequest(command: .restart(target: "node1")))
            let rejoined = await LabTest.waitSettled(
                cluster, primary: "node2", secondary: "node1", epoch: 2, timeout: .seconds(10))
            try #require(rejoined.met, "node1 never re-joined: \(rejoined)")

            // Changes at epoch 2 that a stale replay must not undo.
            let leader = PublicAPI(cluster, node: "node2")
            try leader.update(ids[0], "epoch2 content")
            try leader.delete(ids[1])
            let before = try ids.map { try leader.read($0) }
            #expect(before == ["epoch2 content", nil, "epoch1-2 updated"])
            let settledBefore = await LabTest.waitFor(cluster, timeout: .seconds(3)) {
                $0["node2"]?.storeCount == 2 && $0["node2"]?.queueLength == 0 && $0["node1"]?.storeCount == 2
            }
            #expect(settledBefore.met, "\(settledBefore)")

            let replay = try await cluster.apply(
                FaultRequest(command: .replayNow(link: LinkSelector(from: "node1", to: "node2"))))
            print("lab tests: \(replay.summary)")
            let replayed = LabTest.journal(folder).filter { $0.fate == .replayed && $0.link == "node1->node2" }
            // Six writes at epoch 1, kept as one to six requests: our daemons batch what is
            // written while earlier requests are out (`--replication-requests`), and the proxy
            // keeps and replays a batch as one message.
            #expect((1...6).contains(replayed.count), "\(replayed.count) replayed")
            #expect(
                replayed.allSatisfy { $0.messageClass == .replicate && $0.leaderEpoch == 1 && $0.status == 409 },
                "\(replayed.map { "e\($0.leaderEpoch ?? 0) → \($0.status.map(String.init) ?? $0.error ?? "?")" })")

            #expect(try ids.map { try leader.read($0) } == before)
            let after = await cluster.samples
            #expect(after["node2"]?.storeCount == 2, "\(LabTest.describe(after))")
            #expect(
                LabTest.settled(after, primary: "node2", secondary: "node1", epoch: 2), "\(LabTest.describe(after))")
        }
    }

    // MARK: 7. Process faults

    @Test func pauseResumeRestartAndSkew() async throws {
        try await LabTest.withLab { cluster, folder in
            let ready = await LabTest.waitSettled(cluster, primary: "node1", secondary: "node2", epoch: 1)
            try #require(ready.met, "\(ready)")

            // Pause the primary for 6 s: the secondary promotes; on resume the old primary steps down.
            let paused = try await cluster.apply(FaultRequest(command: .pause(target: "primary")))
            #expect(paused.targets == ["node1"])
            let promoted = await LabTest.waitFor(cluster, timeout: .seconds(6)) {
                $0["node2"].map { $0.reachable && $0.role == "PRIMARY" && $0.epoch == 2 } == true
            }
            #expect(promoted.met, "node2 never promoted: \(promoted)")
            #expect(promoted["node1"]?.reachable == false)
            let remaining = paused.timeNanoseconds + 6_000_000_000 - cluster.clock.now()
            if remaining > 0 { try await Task.sleep(for: .nanoseconds(remaining)) }  // the fault lasts 6 s
            _ = try await cluster.apply(FaultRequest(command: .resume(target: "node1")))
            let steppedDown = await LabTest.waitSettled(cluster, primary: "node2", secondary: "node1", epoch: 2)
            #expect(steppedDown.met, "after resume: \(steppedDown)")

            // Restart the secondary: a new process that re-joins.
            let writer = PublicAPI(cluster, node: "node2")
            for index in 0..<3 { _ = try writer.create("before-restart-\(index)") }
            let oldPID = try #require(Self.pid(of: "node1", in: await cluster.statusJSON()))
            let restart = try await cluster.apply(FaultRequest(command: .restart(target: "secondary")))
            #expect(restart.targets == ["node1"])
            let newPID = try #require(Self.pid(of: "node1", in: await cluster.statusJSON()))
            #expect(newPID != oldPID)
            #expect(LabTest.processIsGone(oldPID))
            let rejoined = await LabTest.waitFor(cluster, timeout: .seconds(10)) {
                LabTest.settled($0, primary: "node2", secondary: "node1", epoch: 2) && $0["node1"]?.storeCount == 3
            }
            #expect(rejoined.met, "after restart: \(rejoined)")

            // Skew a wall clock by +3 s, the primary's then the secondary's: no role change for
            // 5 s each (leases run on monotonic time), and replication keeps flowing.
            guard Faketime.libraryPath() != nil else { return }
            var created = 3
            for node in ["node2", "node1"] {
                let skew = try await cluster.apply(FaultRequest(command: .skew(target: node, seconds: 3)))
                #expect(skew.targets == [node])
                let status = await cluster.statusJSON()
                #expect(status.contains(#""name":"\#(node)""#) && status.contains(#""clock_skew_seconds":3"#))
                // Every answer in the window shows the same roles and epoch. (A sample slower than
                // the poller's 200 ms shows as unreachable: not a role change, but counted.)
                var roleChanges: [String] = []
                var slowAnswers = 0
                var lastSeen: [String: Int64] = [:]
                let until = ContinuousClock.now + .seconds(5)
                let target = created + 10
                while ContinuousClock.now < until {
                    let samples = await cluster.samples
                    for (name, role) in [("node2", "PRIMARY"), ("node1", "SECONDARY")] {
                        guard let sample = samples[name], sample.timeNanoseconds != lastSeen[name] else { continue }
                        lastSeen[name] = sample.timeNanoseconds
                        if !sample.reachable {
                            slowAnswers += 1
                        } else if sample.role != role || sample.epoch != 2 {
                            roleChanges.append(LabTest.describe(samples))
                        }
                    }
                    if created < target {
                        _ = try writer.create("skewed-\(created)")
                        created += 1
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(
                    roleChanges.isEmpty,
                    "\(node) skewed: \(roleChanges.count) samples off, e.g. \(roleChanges.prefix(2))")
                if slowAnswers > 0 { print("lab tests: \(node) skewed: \(slowAnswers) /status answer(s) over 200 ms") }
                #expect(slowAnswers < 10, "\(node) skewed: \(slowAnswers) /status answers over 200 ms in 5 s")
                let after = await cluster.samples
                #expect(
                    LabTest.settled(after, primary: "node2", secondary: "node1", epoch: 2), "\(LabTest.describe(after))"
                )
                let replicated = await LabTest.waitFor(cluster, timeout: .seconds(3)) {
                    $0["node1"]?.storeCount == created
                }
                #expect(replicated.met, "\(node) skewed: \(replicated)")
                let offset =
                    (try? String(contentsOfFile: folder + "/\(node)/clock-offset.faketime", encoding: .utf8)) ?? ""
                #expect(offset.trimmingCharacters(in: .whitespacesAndNewlines) == "+3s")
            }
        }
    }

    // MARK: 8. Down

    @Test func shutdownLeavesNoProcessAndNoPort() async throws {
        let folder = LabTest.makeFolder()
        let cluster = try await LabCluster.start(try LabTest.options(folder: folder))
        // Every process the run recorded, and every port it listens on.
        let pidsData = try #require(FileManager.default.contents(atPath: folder + "/pids.json"))
        let pidsFile = try #require(try JSONSerialization.jsonObject(with: pidsData) as? [String: Any])
        let pids = try #require(pidsFile["processes"] as? [[String: Any]]).compactMap {
            ($0["pid"] as? NSNumber)?.int32Value
        }
        #expect(pids.count == 2)
        #expect(pids.allSatisfy { !LabTest.processIsGone($0) })
        let proxyPorts = cluster.topology.links.map(\.listenPort)
        let nodePorts = cluster.topology.nodes.map(\.tcpPort)
        #expect(proxyPorts.allSatisfy { !LabTest.portRefusesConnections($0) })
        // A paused node must not hold the teardown up (nor survive it).
        _ = try await cluster.apply(FaultRequest(command: .pause(target: "secondary")))

        let started = ContinuousClock.now
        await cluster.shutdown()
        let stopTime = ContinuousClock.now - started
        print("lab tests: shutdown (one node paused) took \(stopTime)")
        #expect(stopTime < .seconds(4))
        #expect(pids.allSatisfy(LabTest.processIsGone), "\(pids.filter { !LabTest.processIsGone($0) }) still alive")
        #expect(LabTest.processes(mentioning: folder).isEmpty)
        #expect(proxyPorts.allSatisfy(LabTest.portRefusesConnections), "proxy ports \(proxyPorts)")
        #expect(nodePorts.allSatisfy(LabTest.portRefusesConnections), "daemon ports \(nodePorts)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/pids.json"))
        await cluster.shutdown()  // twice is harmless

        // Faults after the teardown (a control request racing `POST /down`) are refused: no
        // daemon comes back, nothing is written to the closed fault log.
        let restart = await #expect(throws: LabError.self) {
            try await cluster.apply(FaultRequest(command: .restart(target: "node1")))
        }
        #expect("\(restart.map { "\($0)" } ?? "")".contains("shut down"))
        let heal = await #expect(throws: LabError.self) {
            try await cluster.apply(FaultRequest(command: .heal))
        }
        #expect(heal != nil)
        #expect(LabTest.processes(mentioning: folder).isEmpty)
        LabTest.removeFolder(folder)
    }

    // MARK: 9. Bad input

    @Test func aBinaryThatIsNotADaemonIsReportedAndLeavesNothingRunning() async throws {
        let folder = LabTest.makeFolder()
        var options = try LabTest.options(folder: folder)
        options.daemonPath = "/bin/true"
        let started = ContinuousClock.now
        let error = await #expect(throws: LabError.self) { try await LabCluster.start(options) }
        print(
            "lab tests: --bbd /bin/true refused after \(ContinuousClock.now - started): \(error.map { "\($0)" } ?? "")")
        #expect("\(error.map { "\($0)" } ?? "")".contains("/bin/true"))
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(LabTest.processes(mentioning: folder).isEmpty)
        // The metadata names the proxies' ports: none is listening any more.
        let metadata = try #require(FileManager.default.contents(atPath: folder + "/lab.json"))
        let links = try #require(
            (try JSONSerialization.jsonObject(with: metadata) as? [String: Any])?["links"] as? [[String: Any]])
        let ports = links.compactMap { ($0["listen_port"] as? NSNumber)?.intValue }
        #expect(ports.count == 2 && ports.allSatisfy(LabTest.portRefusesConnections), "\(ports)")
        LabTest.removeFolder(folder)
    }

    @Test func aRunFolderTooDeepForAUnixSocketIsRefusedBeforeAnythingStarts() async throws {
        let folder = "/tmp/blc-" + String(repeating: "d", count: 100)
        let error = await #expect(throws: LabError.self) {
            try await LabCluster.start(try LabTest.options(folder: folder))
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("Unix socket") && message.contains("--dir"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(LabTest.processes(mentioning: folder).isEmpty)
    }

    /// Daemons that never find each other (every `--peers` overridden to a dead port): the pair
    /// never settles, and start() says so once `readinessTimeout` has passed.
    @Test func aPairThatNeverSettlesIsReported() async throws {
        let folder = LabTest.makeFolder()
        var options = try LabTest.options(folder: folder)
        options.extraDaemonFlags = ["--peers=nobody@127.0.0.1:1"]
        // Long enough for both daemons to answer `/status` even when sanitized on a loaded
        // machine, so that the settling is what fails. The second node starts only once the
        // first leads or 5 s have passed (the first, with no peer, leads after its 4 s lease);
        // with less, a TSan-built second node (about a second to start) had not answered yet
        // when the time was up, and the message named the start-up instead.
        options.readinessTimeout = .seconds(12)
        let started = ContinuousClock.now
        let error = await #expect(throws: LabError.self) { try await LabCluster.start(options) }
        let message = error.map { "\($0)" } ?? ""
        // The timeout, then the teardown (SIGTERM, at most 5 s before SIGKILL): not much more.
        #expect(ContinuousClock.now - started < options.readinessTimeout + .seconds(10))
        // What each node reports is in the message; which role they show at the timeout depends
        // on start-up timing (a node whose peer never answers leads only after the 4 s lease).
        #expect(
            message.contains("did not settle") && message.contains("node1") && message.contains("node2"), "\(message)")
        #expect(LabTest.processes(mentioning: folder).isEmpty)
        LabTest.removeFolder(folder)
    }

    /// A daemon that answers `/status` and then dies is reported at once, with the line of its
    /// log that says why, instead of as "unreachable" after the readiness timeout.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/env")))
    func aDaemonThatDiesDuringStartUpIsReportedAtOnce() async throws {
        let scripts = LabTest.makeFolder()
        let fake = scripts + "/fake-bbd"
        try Self.fakeDaemon.write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let folder = LabTest.makeFolder()
        var options = try LabTest.options(folder: folder)
        options.daemonPath = fake
        let started = ContinuousClock.now
        let error = await #expect(throws: LabError.self) { try await LabCluster.start(options) }
        let message = error.map { "\($0)" } ?? ""
        print("lab tests: a daemon dying during start-up reported after \(ContinuousClock.now - started)")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(message.contains("node2 exited") && message.contains("Fatal error: simulated"), "\(message)")
        #expect(LabTest.processes(mentioning: folder).isEmpty)
        LabTest.removeFolder(folder)
        LabTest.removeFolder(scripts)
    }

    /// Answers every `GET /status` on `--uds`: node1 as PRIMARY, node2 as JOINING until its
    /// third answer, after which it prints a Swift-like trap and exits.
    static let fakeDaemon = #"""
        #!/usr/bin/env python3
        import os, socket, sys, threading
        flags = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
        host, path = flags["host-id"], flags["uds"]
        role = b"PRIMARY" if host == "node1" else b"JOINING"
        lock, served = threading.Lock(), [0]
        def serve(connection):
            data = b""
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                data += chunk
                while b"\r\n\r\n" in data:
                    _, data = data.split(b"\r\n\r\n", 1)
                    body = b'{"role":"' + role + b'","leader_epoch":1}'
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                    with lock:
                        served[0] += 1
                        if host == "node2" and served[0] >= 3:
                            print("Fatal error: simulated crash after start-up", flush=True)
                            os._exit(1)
        if os.path.exists(path):
            os.unlink(path)
        server = socket.socket(socket.AF_UNIX)
        server.bind(path)
        server.listen(16)
        while True:
            connection, _ = server.accept()
            threading.Thread(target=serve, args=(connection,), daemon=True).start()
        """#

    @Test func unknownTargetsNameTheKnownNodes() async throws {
        try await LabTest.withLab { cluster, _ in
            let error = await #expect(throws: LabError.self) {
                try await cluster.apply(FaultRequest(command: .kill(target: "node7")))
            }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("node7") && message.contains("node1, node2"), "\(message)")
            let linkError = await #expect(throws: LabError.self) {
                try await cluster.apply(
                    FaultRequest(
                        command: .linkRule(
                            link: LinkSelector(from: "node1", to: "nodeX"), classes: [], rule: .drop(probability: 1))))
            }
            #expect("\(linkError.map { "\($0)" } ?? "")".contains("node1, node2"))
            let pairError = await #expect(throws: LabError.self) {
                try await cluster.apply(FaultRequest(command: .pause(target: "primary"), pair: 2))
            }
            #expect(
                "\(pairError.map { "\($0)" } ?? "")".contains("no pair 2: this lab has 1 pair"),
                "\(pairError.map { "\($0)" } ?? "")")
            // Nothing was applied.
            let status = await cluster.statusJSON()
            #expect(!status.contains(#""healthy":false"#))
        }
    }

    @Test func twoPairsAndFaultsOnPairTwoOnly() async throws {
        try await LabTest.withLab(pairs: 2) { cluster, folder in
            let settled = await LabTest.waitFor(cluster, timeout: .seconds(5)) {
                LabTest.settled($0, primary: "node1", secondary: "node2", epoch: 1)
                    && LabTest.settled($0, primary: "node3", secondary: "node4", epoch: 1)
            }
            try #require(settled.met, "\(settled)")
            let statusBefore = await cluster.statusJSON()
            let pids = ["node1", "node2"].map { Self.pid(of: $0, in: statusBefore) }
            #expect(pids.allSatisfy { $0 != nil })

            let partition = try await cluster.apply(
                FaultRequest(
                    command: .partition(from: "primary", to: "secondary", mode: .blackhole, oneWay: false), pair: 2))
            #expect(Set(partition.targets) == ["node3->node4", "node4->node3"])
            let kill = try await cluster.apply(FaultRequest(command: .kill(target: "secondary"), pair: 2))
            #expect(kill.targets == ["node4"])
            let afterKill = await LabTest.waitFor(cluster, timeout: .seconds(2)) { $0["node4"]?.reachable == false }
            #expect(afterKill.met, "\(afterKill)")
            // Pair 1 untouched: same processes, same roles, healthy links, heartbeats delivered.
            let statusAfter = await cluster.statusJSON()
            #expect(["node1", "node2"].map { Self.pid(of: $0, in: statusAfter) } == pids)
            let samples = await cluster.samples
            #expect(
                LabTest.settled(samples, primary: "node1", secondary: "node2", epoch: 1), "\(LabTest.describe(samples))"
            )
            let since = partition.timeNanoseconds
            let seen = await LabTest.waitForJournal(folder, timeout: .seconds(3)) { journal in
                journal.contains {
                    $0.link == "node1->node2" && $0.messageClass == .heartbeat && $0.status == 200
                        && $0.timeNanoseconds > since
                }
                    && journal.contains {
                        $0.link.hasPrefix("node3->") && $0.fate == .blackhole && $0.timeNanoseconds > since
                    }
            }
            #expect(seen, "pair 1's heartbeats and pair 2's blackhole never journaled")
            let journal = LabTest.journal(folder).filter { $0.timeNanoseconds >= since }
            #expect(
                !journal.contains { ($0.link == "node1->node2" || $0.link == "node2->node1") && $0.fate != .deliver })
            let links = try #require(
                (try JSONSerialization.jsonObject(with: Data(statusAfter.utf8)) as? [String: Any])?["links"]
                    as? [[String: Any]])
            let unhealthy = links.filter { ($0["healthy"] as? Bool) == false }.compactMap { $0["name"] as? String }
            #expect(Set(unhealthy) == ["node3->node4", "node4->node3"])
        }
    }

    @Test func eightPairsComeUpAndGoDown() async throws {
        let folder = LabTest.makeFolder()
        let started = ContinuousClock.now
        let cluster = try await LabCluster.start(try LabTest.options(folder: folder, pairs: 8))
        print("lab tests: LabCluster.start (8 pairs) took \(ContinuousClock.now - started)")
        let samples = await cluster.samples
        for pair in 1...8 {
            #expect(
                LabTest.settled(samples, primary: "node\(2 * pair - 1)", secondary: "node\(2 * pair)", epoch: 1),
                "pair \(pair): \(LabTest.describe(samples))")
        }
        let status = await cluster.statusJSON()
        let pids = (1...16).compactMap { Self.pid(of: "node\($0)", in: status) }
        #expect(pids.count == 16)
        let stopping = ContinuousClock.now
        await cluster.shutdown()
        print("lab tests: shutdown (8 pairs) took \(ContinuousClock.now - stopping)")
        #expect(pids.allSatisfy(LabTest.processIsGone))
        #expect(cluster.topology.links.map(\.listenPort).allSatisfy(LabTest.portRefusesConnections))
        LabTest.removeFolder(folder)
    }

    // MARK: 10. Control plane

    @Test func controlPlaneEndToEnd() async throws {
        let folder = LabTest.makeFolder()
        let options = try LabTest.options(folder: folder)
        let output = TestLocked<[String]>([])
        let finished = TestLocked(false)
        let terminationBefore = Self.disposition(of: SIGTERM)
        let session = Task {
            defer { finished.withLock { $0 = true } }
            try await LabSession.run(options, liveTable: false, output: { line in output.withLock { $0.append(line) } })
        }
        let client = LabControlClient(folder: folder)
        // The control socket answers once the lab is ready.
        var status: [String: Any]?
        // Generous: a starved 2-core machine has taken over 20 s to bring a lab up.
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let body = try? client.send("GET", "/status", timeoutMilliseconds: 2000),
                let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
                let nodes = object["nodes"] as? [[String: Any]],
                nodes.map({ "\($0["name"] ?? "")=\($0["role"] ?? "")@\($0["leader_epoch"] ?? "")" }) == [
                    "node1=PRIMARY@1", "node2=SECONDARY@1",
                ]
            {
                status = object
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(status != nil, "no settled /status from the control socket")
        guard status != nil else {
            // Never leave a lab running behind a failed test.
            _ = try? client.send("POST", "/down")
            let ended = ContinuousClock.now + .seconds(15)
            while !finished.current, ContinuousClock.now < ended { try await Task.sleep(for: .milliseconds(20)) }
            session.cancel()
            return
        }
        #expect(output.current.first?.hasPrefix("lab ready: 2 nodes") == true, "\(output.current)")

        // Malformed faults: the error names the problem.
        for (body, expected) in [
            ("{not json", "malformed JSON"), (#"{"fault":"explode"}"#, "unknown fault \"explode\""),
            (#"{"fault":"drop","link":"node1->node2","probability":2}"#, "probability"),
        ] {
            do {
                _ = try client.send("POST", "/faults", body: Array(body.utf8))
                Issue.record("\(body) was accepted")
            } catch {
                #expect("\(error)".contains(expected), "\(body): \(error)")
            }
        }
        // An unknown node: 409 with the known nodes.
        do {
            _ = try client.send("POST", "/faults", body: Array(#"{"fault":"kill","target":"node9"}"#.utf8))
            Issue.record("kill node9 was accepted")
        } catch {
            #expect("\(error)".contains("node1, node2"), "\(error)")
        }
        // A good one is applied and listed.
        let applied = try client.send(
            "POST", "/faults",
            body: Array(#"{"fault":"delay","link":"primary->secondary","classes":["replicate"],"ms":5}"#.utf8))
        let appliedObject = try JSONSerialization.jsonObject(with: Data(applied)) as? [String: Any]
        #expect(
            (appliedObject?["applied"] as? [String: Any])?["targets"] as? [String] == ["node1->node2"],
            "\(appliedObject ?? [:])")
        let healed = try client.send("POST", "/heal")
        #expect(String(decoding: healed, as: UTF8.self).contains("healed every link"))

        // Down: the session returns, the daemons are gone, the control socket too.
        let pids = (status?["nodes"] as? [[String: Any]] ?? []).compactMap { ($0["pid"] as? NSNumber)?.int32Value }
        #expect(pids.count == 2)
        let down = try client.send("POST", "/down")
        #expect(String(decoding: down, as: UTF8.self).contains(#""stopping":true"#))
        let ended = ContinuousClock.now + .seconds(15)
        while !finished.current, ContinuousClock.now < ended { try await Task.sleep(for: .milliseconds(20)) }
        #expect(finished.current, "the session did not return after POST /down")
        if finished.current { try await session.value } else { session.cancel() }
        #expect(!FileManager.default.fileExists(atPath: client.socketPath))
        #expect(throws: LabControlClient.Failure.self) { try client.send("GET", "/status", timeoutMilliseconds: 500) }
        #expect(pids.allSatisfy(LabTest.processIsGone))
        #expect(output.current.last?.hasPrefix("tearing down") == true, "\(output.current)")
        // The host process gets its own SIGTERM handling back.
        #expect(Self.disposition(of: SIGTERM) == terminationBefore)
        LabTest.removeFolder(folder)

        // A second session in the same process still stops on a signal (SIGHUP to ourselves;
        // while a session runs, its dispatch source takes it).
        let second = LabTest.makeFolder()
        let secondOptions = try LabTest.options(folder: second)
        let secondFinished = TestLocked(false)
        let secondReady = TestLocked(false)
        let secondSession = Task {
            defer { secondFinished.withLock { $0 = true } }
            try await LabSession.run(
                secondOptions, liveTable: false, output: { _ in }, ready: { _ in secondReady.withLock { $0 = true } })
        }
        let readyBy = ContinuousClock.now + .seconds(60)
        while !secondReady.current, !secondFinished.current, ContinuousClock.now < readyBy {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(secondReady.current, "the second session never became ready")
        kill(getpid(), SIGHUP)
        let stopBy = ContinuousClock.now + .seconds(15)
        while !secondFinished.current, ContinuousClock.now < stopBy { try await Task.sleep(for: .milliseconds(20)) }
        #expect(secondFinished.current, "the second session ignored SIGHUP")
        if secondFinished.current {
            try await secondSession.value
        } else {
            _ = try? LabControlClient(folder: second).send("POST", "/down")
            while !secondFinished.current, ContinuousClock.now < stopBy + .seconds(15) {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        #expect(LabTest.processes(mentioning: second).isEmpty)
        #expect(Self.disposition(of: SIGTERM) == terminationBefore)
        LabTest.removeFolder(second)
    }

    // MARK: Helpers

    /// A signal's current handler, as a number (0: default, 1: ignored).
    static func disposition(of number: Int32) -> Int {
        let current = signal(number, SIG_IGN)
        signal(number, current)
        return unsafeBitCast(current, to: Int.self)
    }

    /// The `links` of the control API's status JSON.
    static func links(in statusJSON: String) -> [[String: Any]]? {
        (try? JSONSerialization.jsonObject(with: Data(statusJSON.utf8)) as? [String: Any])?["links"] as? [[String: Any]]
    }

    /// A node's pid from the control API's status JSON.
    static func pid(of node: String, in statusJSON: String) -> Int32? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(statusJSON.utf8)) as? [String: Any],
            let nodes = object["nodes"] as? [[String: Any]],
            let entry = nodes.first(where: { $0["name"] as? String == node })
        else { return nil }
        return (entry["pid"] as? NSNumber)?.int32Value
    }
}
