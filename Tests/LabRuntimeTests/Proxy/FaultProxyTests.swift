import Foundation
import LabCore
import LabRuntime
import NIOCore
import NIOHTTP1
import Testing

private let token = ("X-Internal-Token", "lab-token")
private let json = ("Content-Type", "application/json")

@Suite(.serialized) struct FaultProxyTests {
    @Test func passesManyRequestsThroughOneKeepAliveConnection() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        for index in 1...40 {
            let chunkedRequest = index % 2 == 0
            let chunkedAnswer = index % 3 == 0
            var headers = [token, json]
            if chunkedAnswer { headers.append(("X-Test-Chunked", "3")) }
            let body = index % 4 == 0 ? replicateBody(type: 0, epoch: 1, store: "s\(index)") : heartbeatBody(epoch: 1)
            let path = index % 4 == 0 ? "/internal/replicate" : "/internal/heartbeat"
            let response = try #require(
                try await client.send(.POST, path, headers: headers, body: body, chunked: chunkedRequest))
            #expect(response.status == 200)
            #expect(response.body == #"{"count":\#(index),"path":"\#(path)"}"# + "\n")
            #expect(response.header("Transfer-Encoding") == (chunkedAnswer ? "chunked" : nil))
            let received = try #require(fixture.upstream.requests.last)
            #expect(received.body == body)
            #expect(received.header("X-Internal-Token") == "lab-token")
            #expect(received.header("Transfer-Encoding") == (chunkedRequest ? "chunked" : nil))
            #expect(received.header("Content-Length") == (chunkedRequest ? nil : String(body.utf8.count)))
        }
        #expect(fixture.upstream.connections.current == 1, "one upstream connection per sender connection")
        // GET /status without a body passes too.
        let status = try #require(try await client.send(.GET, "/status"))
        #expect(status.body.contains(#""path":"/status""#))
        #expect(fixture.upstream.requests.last?.method == "GET")

        #expect(await eventually { fixture.journal.all.count == 41 })
        let entries = fixture.journal.all
        #expect(entries.map(\.sequence) == Array(1...41))
        #expect(entries.allSatisfy { $0.fate == .deliver && $0.status == 200 && $0.connection == 1 })
        #expect(entries.allSatisfy { $0.link == "node1->node2" && $0.roundTripMicroseconds != nil })
        #expect(entries[0].messageClass == .heartbeat && entries[0].leaderEpoch == 1 && entries[0].type == nil)
        #expect(entries[3].messageClass == .replicate && entries[3].leaderEpoch == 1 && entries[3].type == 0)
        #expect(entries[3].requestBytes == replicateBody(type: 0, epoch: 1, store: "s4").utf8.count)
        #expect(entries[40].messageClass == .status && entries[40].method == "GET" && entries[40].leaderEpoch == nil)
        #expect(fixture.proxy.counters.count(.heartbeat, .deliver) == 30)
        #expect(fixture.proxy.counters.count(.replicate, .deliver) == 10)
        #expect(fixture.proxy.counters.totalMessages == 41)
        await client.close()
        await fixture.stop()
    }

    @Test func relaysALargeChunkedJoinSnapshot() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        let size = 3 * 1024 * 1024
        let response = try #require(
            try await client.send(
                .POST, "/internal/join-snapshot",
                headers: [token, ("X-Test-Chunked", "200"), ("X-Test-Size", String(size))],
                timeout: .seconds(10)))
        #expect(response.status == 200)
        #expect(response.body.utf8.count == size)
        #expect(response.body.hasPrefix(#"{"count":1,"path":"/internal/join-snapshot"}"#))
        #expect(await eventually { fixture.journal.all.count == 1 })
        #expect(fixture.journal.all.first?.messageClass == .joinSnapshot)
        #expect(fixture.journal.all.first?.responseBytes == size)
        // The connection stays usable after it.
        #expect(try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        await client.close()
        await fixture.stop()
    }

    @Test func dropSilencesTheMessageAndTheSenderTimesOut() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(classes: [.heartbeat], dropProbability: 1)]))
        let client = try await fixture.client()
        let answer = try await client.send(
            .POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1), timeout: .milliseconds(400))
        #expect(answer == nil)
        #expect(fixture.upstream.requests.isEmpty)
        // Other classes still flow (class filter), on another connection.
        let other = try await fixture.client()
        #expect(
            try await other.send(.POST, "/internal/replicate", body: replicateBody(type: 1, epoch: 1, store: "a"))?
                .status == 200)
        #expect(fixture.upstream.requests.map(\.uri) == ["/internal/replicate"])
        #expect(await eventually { fixture.journal.all.count == 2 })
        #expect(fixture.journal.all.map(\.fate) == [.drop, .deliver])
        #expect(fixture.journal.all[0].status == nil)
        #expect(fixture.proxy.counters.count(.heartbeat, .drop) == 1)
        await client.close()
        await other.close()
        await fixture.stop()
    }

    @Test func delayHoldsTheMessageForTheConfiguredTime() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        _ = try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))  // warm up
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(delayMilliseconds: 250)]))
        let clock = ContinuousClock()
        let started = clock.now
        let response = try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))
        let elapsed = clock.now - started
        #expect(response?.status == 200)
        #expect(elapsed >= .milliseconds(245) && elapsed < .milliseconds(1_000), "took \(elapsed)")
        #expect(await eventually { fixture.journal.all.count == 2 })
        #expect(fixture.journal.all[1].delayMicroseconds == 250_000)
        await client.close()
        await fixture.stop()
    }

    @Test func delayOnOneConnectionDoesNotHoldUpAnother() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(
            FaultSpecification(rules: [FaultRule(classes: [.replicate], delayMilliseconds: 800)]))
        let slow = try await fixture.client()
        let fast = try await fixture.client()
        let clock = ContinuousClock()
        async let slowAnswer = slow.send(
            .POST, "/internal/replicate", body: replicateBody(type: 0, epoch: 1, store: "x"))
        try await Task.sleep(for: .milliseconds(50))
        let started = clock.now
        for _ in 0..<5 {
            #expect(try await fast.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        }
        #expect(clock.now - started < .milliseconds(500))
        #expect(try await slowAnswer?.status == 200)
        await slow.close()
        await fast.close()
        await fixture.stop()
    }

    @Test func duplicateDeliversTwiceAndAnswersOnce() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(
            FaultSpecification(rules: [FaultRule(classes: [.replicate], duplicateProbability: 1)]))
        let client = try await fixture.client()
        let body = replicateBody(type: 0, epoch: 1, store: "dup")
        let first = try #require(try await client.send(.POST, "/internal/replicate", body: body))
        #expect(first.body == #"{"count":1,"path":"/internal/replicate"}"# + "\n")
        #expect(await eventually { fixture.upstream.requests.count == 2 })
        #expect(fixture.upstream.requests.map(\.body) == [body, body])
        // The next request on the connection gets its own answer, not the copy's.
        let next = try #require(try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1)))
        #expect(next.body == #"{"count":3,"path":"/internal/heartbeat"}"# + "\n")
        #expect(await eventually { fixture.journal.all.count == 3 })
        #expect(fixture.journal.all.map(\.fate) == [.duplicate, .duplicateCopy, .deliver])
        #expect(fixture.journal.all[1].sequence == fixture.journal.all[0].sequence)
        #expect(fixture.journal.all[1].status == 200)
        await client.close()
        await fixture.stop()
    }

    @Test func reorderSwapsTwoMessagesOfAClass() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(classes: [.replicate], reorder: true)]))
        let client = try await fixture.client()
        let first = replicateBody(type: 0, epoch: 1, store: "first")
        let second = replicateBody(type: 1, epoch: 1, store: "first")
        // The proxy answers the held message itself (an empty 200) while the daemon behind it
        // has seen nothing: the sender is not kept waiting for the message that will follow.
        let held = try #require(try await client.send(.POST, "/internal/replicate", body: first))
        #expect(held.status == 200 && held.body.isEmpty && held.header("Content-Length") == "0")
        #expect(fixture.upstream.requests.isEmpty)
        #expect(fixture.proxy.heldForReorderCount == 1)
        // A heartbeat is another class: not held, not a trigger.
        #expect(try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        let answer = try #require(try await client.send(.POST, "/internal/replicate", body: second))
        #expect(answer.body.contains(#""count":2"#))
        #expect(await eventually { fixture.upstream.requests.count == 3 })
        #expect(fixture.upstream.requests.map(\.body) == [heartbeatBody(epoch: 1), second, first])
        #expect(fixture.proxy.heldForReorderCount == 0)
        #expect(await eventually { fixture.journal.all.count == 4 })
        #expect(fixture.journal.all.map(\.fate) == [.holdForReorder, .reorderRelease, .deliver, .deliver])
        #expect(fixture.journal.all[1].status == 200)
        await client.close()
        await fixture.stop()
    }

    @Test func healReleasesHeldMessages() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(reorder: true)]))
        let client = try await fixture.client()
        #expect(try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 3))?.body == "")
        #expect(fixture.upstream.requests.isEmpty)
        fixture.proxy.heal()
        #expect(await eventually { fixture.upstream.requests.count == 1 })
        #expect(fixture.upstream.requests.first?.body == heartbeatBody(epoch: 3))
        #expect(fixture.proxy.faults == .healthy)
        #expect(await eventually { fixture.journal.fates(.reorderRelease).count == 1 })
        #expect(fixture.journal.fates(.reorderRelease).first?.leaderEpoch == 3)
        await client.close()
        await fixture.stop()
    }

    @Test func replayRedeliversKeptCopiesLater() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(classes: [.heartbeat], replay: true)]))
        let client = try await fixture.client()
        for epoch in 1...3 {
            let answer = try #require(
                try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: UInt64(epoch))))
            #expect(answer.body.contains(#""count":\#(epoch)"#), "kept messages are delivered normally")
        }
        #expect(
            try await client.send(.POST, "/internal/replicate", body: replicateBody(type: 0, epoch: 1, store: "r"))?
                .status == 200)
        #expect(fixture.proxy.replayCopyCount == 3)
        fixture.proxy.heal()  // replay typically follows a failover and a heal
        #expect(await fixture.proxy.replayHeld() == 3)
        let requests = fixture.upstream.requests
        #expect(requests.count == 7)
        #expect(requests.suffix(3).map(\.body) == (1...3).map { heartbeatBody(epoch: UInt64($0)) })
        #expect(Set(requests.suffix(3).map(\.connection)) == [2], "replays go on a fresh upstream connection")
        #expect(fixture.proxy.replayCopyCount == 0)
        #expect(await eventually { fixture.journal.fates(.replayed).count == 3 })
        #expect(fixture.journal.fates(.replayed).map(\.leaderEpoch) == [1, 2, 3])
        #expect(fixture.journal.fates(.replayed).allSatisfy { $0.status == 200 })
        #expect(fixture.journal.fates(.keepForReplay).count == 3)
        #expect(await fixture.proxy.replayHeld() == 0)
        await client.close()
        await fixture.stop()
    }

    @Test func replayKeepsOnlyTheLatestCopies() async throws {
        var configuration = FaultProxyConfiguration()
        configuration.maximumReplayCopies = 4
        let fixture = try await ProxyFixture.start(configuration: configuration)
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(replay: true)]))
        let client = try await fixture.client()
        for epoch in 1...10 {
            _ = try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: UInt64(epoch)))
        }
        #expect(fixture.proxy.replayCopyCount == 4)
        #expect(await fixture.proxy.replayHeld() == 4)
        #expect(fixture.upstream.requests.suffix(4).map(\.body) == (7...10).map { heartbeatBody(epoch: UInt64($0)) })
        await client.close()
        await fixture.stop()
    }

    @Test func refusePartitionResetsOpenConnectionsAndRefusesNewOnesUntilHealed() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        #expect(try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        try fixture.proxy.setFaults(FaultSpecification(partition: .refuse))
        #expect(await eventually { !client.isOpen }, "the open keep-alive connection is reset")
        // New connections are closed at once: the request fails fast instead of timing out.
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: (any Error).self) {
            let refused = try await fixture.client()
            _ = try await refused.send(
                .POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1), timeout: .seconds(2))
        }
        #expect(clock.now - started < .milliseconds(1_000))
        #expect(fixture.upstream.requests.count == 1)
        #expect(fixture.proxy.counters.connectionsRefused >= 1)
        fixture.proxy.heal()
        let healed = try await fixture.client()
        #expect(try await healed.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        await healed.close()
        await fixture.stop()
    }

    @Test func blackholeAcceptsAndSwallowsUntilHealed() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(FaultSpecification(partition: .blackhole))
        let client = try await fixture.client()  // accepted
        #expect(
            try await client.send(
                .POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1), timeout: .milliseconds(400)) == nil)
        #expect(client.isOpen)
        #expect(fixture.upstream.requests.isEmpty)
        fixture.proxy.heal()
        let healed = try await fixture.client()
        #expect(try await healed.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        #expect(await eventually { fixture.journal.all.count == 2 })
        #expect(fixture.journal.all.map(\.fate) == [.blackhole, .deliver])
        await client.close()
        await healed.close()
        await fixture.stop()
    }

    @Test func blackholeSwallowsAnswersAlreadyOnTheirWay() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        async let answer = client.send(
            .POST, "/internal/replicate", headers: [("X-Test-Delay-Ms", "300")],
            body: replicateBody(type: 0, epoch: 1, store: "late"), timeout: .milliseconds(900))
        #expect(await eventually { fixture.upstream.requests.count == 1 })
        try fixture.proxy.setFaults(FaultSpecification(partition: .blackhole))
        #expect(try await answer == nil)
        #expect(await eventually { fixture.journal.all.count == 1 })
        #expect(fixture.journal.all.first?.status == 200)
        #expect(fixture.journal.all.first?.error?.contains("blackhole") == true)
        await client.close()
        await fixture.stop()
    }

    @Test func dropPartitionSwallowsEveryClass() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(FaultSpecification(partition: .drop))
        for path in ["/internal/heartbeat", "/internal/replicate", "/api/v1/create"] {
            let client = try await fixture.client()
            #expect(try await client.send(.POST, path, body: "{}", timeout: .milliseconds(200)) == nil)
            await client.close()
        }
        #expect(fixture.upstream.requests.isEmpty)
        #expect(await eventually { fixture.proxy.counters.count(.drop) == 3 })
        await fixture.stop()
    }

    @Test func faultsChangedOnAnOpenKeepAliveConnectionApplyToItsNextRequest() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        let clock = ContinuousClock()
        #expect(try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        // A delay far above what a request takes on a slow (sanitized, loaded) machine, so that
        // "delayed" and "no longer delayed" stay distinguishable there (with 300 ms against a
        // 200 ms bound, an ASan run's undelayed request took 480 ms).
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(delayMilliseconds: 1_500)]))
        var started = clock.now
        #expect(
            try await client.send(
                .POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1), timeout: .seconds(10))?.status == 200)
        #expect(clock.now - started >= .milliseconds(1_490))
        try fixture.proxy.setFaults(.healthy)
        started = clock.now
        #expect(try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        #expect(clock.now - started < .milliseconds(1_000))
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(classes: [.heartbeat], dropProbability: 1)]))
        #expect(
            try await client.send(
                .POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1), timeout: .milliseconds(300)) == nil)
        #expect(fixture.upstream.requests.count == 3)
        #expect(fixture.upstream.connections.current == 1)
        #expect(await eventually { fixture.journal.all.count == 4 })
        #expect(fixture.journal.all.map(\.fate) == [.deliver, .deliver, .deliver, .drop])
        #expect(fixture.journal.all.map(\.delayMicroseconds) == [0, 1_500_000, 0, nil])
        await client.close()
        await fixture.stop()
    }

    @Test func resetClosesBothSides() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(classes: [.replicate], resetProbability: 1)]))
        let client = try await fixture.client()
        #expect(try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status == 200)
        await #expect(throws: TestClientError.self) {
            _ = try await client.send(.POST, "/internal/replicate", body: replicateBody(type: 0, epoch: 1, store: "z"))
        }
        #expect(await eventually { !client.isOpen })
        #expect(fixture.upstream.requests.count == 1)
        #expect(await eventually { fixture.journal.all.count == 2 })
        #expect(fixture.journal.all.last?.fate == .reset)
        await fixture.stop()
    }

    @Test func unreachableUpstreamClosesTheSender() async throws {
        let upstream = try await TestUpstream.start()
        let deadPort = upstream.port
        await upstream.stop()
        let journal = TestJournal()
        let proxy = FaultProxy(
            name: "node2->node1", upstreamHost: "127.0.0.1", upstreamPort: deadPort, journal: journal.sink,
            clock: { monotonicNanoseconds() }, seed: 1)
        let port = try await proxy.start()
        await #expect(throws: (any Error).self) {
            let client = try await TestHTTPClient.connect(port: port)
            _ = try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1), timeout: .seconds(2))
        }
        #expect(await eventually { proxy.counters.upstreamErrors >= 1 })
        await proxy.stop()
    }

    @Test func journalFileWritesOneLinePerMessage() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "proxy-journal-\(UUID().uuidString).jsonl"
        ).path
        let file = try ProxyJournalFile(path: path)
        let upstream = try await TestUpstream.start()
        let proxy = FaultProxy(
            name: "node1->node2", upstreamHost: "127.0.0.1", upstreamPort: upstream.port,
            journal: { file.write($0) }, clock: { 42 }, seed: 1)
        let port = try await proxy.start()
        let client = try await TestHTTPClient.connect(port: port)
        for epoch in 1...3 {
            _ = try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: UInt64(epoch)))
        }
        // The counters move before the journal line is written: wait for the lines themselves.
        #expect(
            await eventually {
                ((try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0) == 3
            })
        file.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines.first?.hasPrefix(
                #"{"time_ns":42,"link":"node1->node2","sequence":1,"connection":1,"class":"heartbeat""#) == true)
        let decoded = try lines.map { try JSONDecoder().decode(ProxyJournalEntry.self, from: Data($0.utf8)) }
        #expect(decoded.map(\.leaderEpoch) == [1, 2, 3])
        try? FileManager.default.removeItem(atPath: path)
        await client.close()
        await proxy.stop()
        await upstream.stop()
    }

    @Test func setFaultsRefusesAnInvalidSpecification() async throws {
        let fixture = try await ProxyFixture.start()
        #expect(throws: FaultSpecificationError.self) {
            try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(dropProbability: 2)]))
        }
        #expect(fixture.proxy.faults == .healthy)
        let decoded = try FaultSpecification.decode(
            json: Array(#"{"rules":[{"classes":["heartbeat"],"delay_ms":5}]}"#.utf8))
        try fixture.proxy.setFaults(decoded)
        #expect(fixture.proxy.faults.rules.first?.delayMilliseconds == 5)
        #expect(throws: FaultSpecificationError(field: "rules[0].delay_ms", reason: "expected a number")) {
            _ = try FaultSpecification.decode(json: Array(#"{"rules":[{"delay_ms":true}]}"#.utf8))
        }
        await fixture.stop()
    }

    @Test func forwardedChunkedRequestKeepsItsHeadersAndBody() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        let headers = [
            ("Bigbunny-Not-Valid-After", "3600"), ("Content-Type", "application/octet-stream"),
            ("X-Bb-No-Forward", "true"), ("X-Customer-Id", "acme-corp"), token,
        ]
        let response = try #require(
            try await client.send(.POST, "/api/v1/create", headers: headers, body: "written via node2", chunked: true))
        #expect(response.status == 200)
        let received = try #require(fixture.upstream.requests.first)
        #expect(received.body == "written via node2")
        for (name, value) in headers { #expect(received.header(name) == value) }
        #expect(received.header("Transfer-Encoding") == "chunked")
        #expect(await eventually { fixture.journal.all.count == 1 })
        #expect(fixture.journal.all.first?.messageClass == .forwarded)
        #expect(fixture.journal.all.first?.requestBytes == 17)
        await client.close()
        await fixture.stop()
    }

    @Test func expectContinueIsAnsweredByTheProxy() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        let response = try await client.send(
            .POST, "/api/v1/update/x", headers: [("Expect", "100-continue")], body: "new body")
        #expect(response?.status == 200)
        #expect(fixture.upstream.requests.first?.header("Expect") == nil)
        #expect(fixture.upstream.requests.first?.body == "new body")
        await client.close()
        await fixture.stop()
    }

    @Test func upstreamClosingAfterItsAnswerClosesTheSender() async throws {
        let fixture = try await ProxyFixture.start()
        let client = try await fixture.client()
        let response = try await client.send(.GET, "/status", headers: [("X-Test-Close", "1")])
        #expect(response?.status == 200)
        #expect(response?.header("Connection") == "close")
        #expect(await eventually { !client.isOpen })
        #expect(await eventually { fixture.journal.all.count == 1 })
        #expect(fixture.journal.all.first?.error == nil)
        await fixture.stop()
    }

    @Test func delayedMessageStillArrivesAfterTheSenderGaveUp() async throws {
        let fixture = try await ProxyFixture.start()
        try fixture.proxy.setFaults(FaultSpecification(rules: [FaultRule(delayMilliseconds: 400)]))
        let client = try await fixture.client()
        let body = replicateBody(type: 0, epoch: 1, store: "late")
        #expect(try await client.send(.POST, "/internal/replicate", body: body, timeout: .milliseconds(100)) == nil)
        await client.close()
        #expect(fixture.upstream.requests.isEmpty)
        #expect(await eventually { fixture.upstream.requests.count == 1 }, "a late message, like a slow network")
        #expect(await eventually { fixture.journal.all.count == 1 })
        #expect(fixture.journal.all.first?.status == 200)
        await fixture.stop()
    }

    @Test func concurrentConnectionsGetDistinctSequenceNumbers() async throws {
        let fixture = try await ProxyFixture.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let client = try await fixture.client()
                    for _ in 0..<25 {
                        #expect(
                            try await client.send(.POST, "/internal/heartbeat", body: heartbeatBody(epoch: 1))?.status
                                == 200)
                    }
                    await client.close()
                }
            }
            try await group.waitForAll()
        }
        #expect(await eventually { fixture.journal.all.count == 100 })
        #expect(Set(fixture.journal.all.map(\.sequence)) == Set(1...100))
        #expect(Set(fixture.journal.all.map(\.connection)) == [1, 2, 3, 4])
        #expect(fixture.upstream.connections.current == 4)
        await fixture.stop()
    }
}
