import BunnyClient
import BunnyCore
import NIOCore
import NIOHTTP1
import Testing

@Suite("Client", .timeLimit(.minutes(1)))
struct BunnyClientTests {
    private func withDaemon(
        _ responder: @escaping FakeDaemon.Responder = { _ in .ok() }, maximumConnections: Int = 1,
        requestTimeout: Duration = .seconds(5),
        _ body: (FakeDaemon, BunnyClient) async throws -> Void
    ) async throws {
        let daemon = try await FakeDaemon.start(responder: responder)
        let client = BunnyClient(
            unixSocketPath: daemon.socketPath, maximumConnections: maximumConnections, requestTimeout: requestTimeout)
        do {
            try await body(daemon, client)
        } catch {
            await client.shutdown()
            await daemon.stop()
            throw error
        }
        await client.shutdown()
        await daemon.stop()
    }

    private func outcome(
        _ body: () async throws(BunnyClientError) -> ClientResponse
    ) async -> Result<ClientResponse, BunnyClientError> {
        do throws(BunnyClientError) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    /// Connects with a first request answered at once, so the short timeouts below measure the
    /// wait for an answer rather than a connect (which a starved machine under TSan has taken
    /// longer than 100 ms to complete: "waiting for a connection; the request was not sent").
    private func connect(_ client: BunnyClient) async throws {
        var warmUp = ClientRequest.status()
        warmUp.timeout = .seconds(10)
        _ = try await client.send(warmUp)
    }

    @Test func requestTimeoutOverridesTheClientDefault() async throws {
        try await withDaemon(requestTimeout: .seconds(30)) { daemon, client in
            try await connect(client)
            daemon.setResponder { _ in .silence }
            var request = ClientRequest.status()
            request.timeout = .milliseconds(100)
            await #expect(throws: BunnyClientError.timedOut(after: .milliseconds(100), requestSent: true)) {
                try await client.send(request)
            }
        }
    }

    @Test func sendReturnsStatusHeadersAndBody() async throws {
        try await withDaemon({ _ in
            .respond(status: 201, headers: [("bigbunny-warning", "DegradedWrite")], body: Array("hi".utf8))
        }) { daemon, client in
            let response = try await client.send(
                method: .POST, path: "/x", headers: ["A": "b"], body: ByteBuffer(string: "abc"))
            #expect(response.status == 201)
            #expect(response.header("BigBunny-Warning") == "DegradedWrite")
            #expect(response.header("BIGBUNNY-WARNING") == "DegradedWrite")
            #expect(response.warning == "DegradedWrite")
            #expect(response.bodyText == "hi")
            let request = try #require(daemon.lastRequest)
            #expect(request.method == .POST)
            #expect(request.uri == "/x")
            #expect(request.header("a") == "b")
            #expect(request.header("Content-Length") == "3")
            #expect(request.header("Host") == "localhost")
            #expect(request.bodyText == "abc")
        }
    }

    @Test func keepAliveReusesOneConnection() async throws {
        try await withDaemon { daemon, client in
            for _ in 0..<20 {
                _ = try await client.send(.status())
            }
            #expect(daemon.requests.count == 20)
            #expect(daemon.acceptedConnections == 1)
            #expect(Set(daemon.requests.map(\.connectionNumber)) == [1])
        }
    }

    @Test func concurrentRequestsUseAtMostTheConfiguredConnections() async throws {
        try await withDaemon({ _ in .delayed(.milliseconds(20), .ok("x")) }, maximumConnections: 4) { daemon, client in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await client.send(.status()).status }
                }
                for try await status in group {
                    #expect(status == 200)
                }
            }
            #expect(daemon.requests.count == 40)
            #expect(daemon.acceptedConnections <= 4)
            #expect(daemon.acceptedConnections >= 2)
        }
    }

    @Test func errorAnswerIsDefinite() async throws {
        try await withDaemon({ _ in .error(409, "lock mismatch", code: "LockMismatch") }) { _, client in
            let error = await #expect(throws: BunnyClientError.self) {
                try await client.cancelModify(storeID: "s", lockID: "l", customer: "c")
            }
            let answer = try #require(error?.errorResponse)
            #expect(answer.status == 409)
            #expect(answer.errorCode == "LockMismatch")
            #expect(answer.code == .lockMismatch)
            #expect(answer.message == "lock mismatch")
            #expect(error?.isDefinite == true)
            #expect(error?.isRetryable == false)
        }
    }

    @Test(arguments: [
        (503, "JoinSyncing", true), (503, "LeaderChanged", true), (503, "NameCreating", true),
        (503, "StoreUnavailable", true), (429, "TombstoneLimitExceeded", true), (429, "", true),
        (409, "StoreLocked", true), (409, "LockStateUnknown", true), (409, "LockMismatch", false),
        (409, "Overflow", false), (503, "", false), (404, "NotFound", false), (507, "CapacityExceeded", false),
        (400, "", false),
    ])
    func retryableAnswersFollowTheCatalogue(status: Int, code: String, retryable: Bool) async throws {
        let reply = FakeDaemon.Reply.error(
            status, "m", code: code.isEmpty ? nil : code, headers: status == 409 ? [("Retry-After", "1")] : [])
        try await withDaemon({ _ in reply }) { _, client in
            do throws(BunnyClientError) {
                _ = try await client.perform(.delete(storeID: "s", customer: "c"))
                Issue.record("expected an error")
            } catch {
                #expect(error.isRetryable == retryable)
                #expect(error.isDefinite)
                if status == 409 { #expect(error.errorResponse?.retryAfterSeconds == 1) }
            }
        }
    }

    @Test func lockStateUnknownHeaderIsRead() async throws {
        let reply = FakeDaemon.Reply.error(
            409, "lock state unknown", code: "LockStateUnknown",
            headers: [("Bigbunny-Lock-State", "unknown"), ("Retry-After", "1")])
        try await withDaemon({ _ in reply }) { _, client in
            do throws(BunnyClientError) {
                _ = try await client.beginModify(storeID: "s", customer: "c")
                Issue.record("expected an error")
            } catch {
                #expect(error.errorResponse?.lockStateUnknown == true)
                #expect(error.errorResponse?.retryAfterSeconds == 1)
                #expect(error.isRetryable)
            }
        }
    }

    @Test func serverClosingMidRequestIsIndefinite() async throws {
        try await withDaemon({ _ in .close }) { _, client in
            do throws(BunnyClientError) {
                _ = try await client.update(storeID: "s", customer: "c", body: Array("x".utf8))
                Issue.record("expected an error")
            } catch {
                guard case .connectionLost = error else {
                    Issue.record("expected connectionLost, got \(error)")
                    return
                }
                #expect(error.isDefinite == false)
                #expect(error.isRetryable == false)
            }
        }
    }

    @Test func noAnswerTimesOutIndefinitely() async throws {
        try await withDaemon(requestTimeout: .milliseconds(200)) { daemon, client in
            try await connect(client)
            daemon.setResponder { _ in .silence }
            let clock = ContinuousClock()
            let started = clock.now
            do throws(BunnyClientError) {
                _ = try await client.send(.status())
                Issue.record("expected a timeout")
            } catch {
                #expect(error == .timedOut(after: .milliseconds(200), requestSent: true))
                #expect(error.isDefinite == false)
            }
            // Bounded, not fast: the point is that it ends (a 2-core machine under the whole
            // suite has taken 4.8 s to deliver a 200 ms timeout).
            #expect(clock.now - started < .seconds(15))
            // The connection was abandoned; the next request gets a fresh one.
            daemon.setResponder { _ in .ok("fine") }
            // Its own, generous timeout: only the first request is meant to time out, and a
            // starved machine can take longer than 200 ms to answer the second.
            var status = ClientRequest.status()
            status.timeout = .seconds(10)
            let text = try await client.send(status).bodyText
            #expect(text == "fine")
            #expect(daemon.acceptedConnections == 2)
        }
    }

    @Test func lateAnswerIsNotGivenToTheNextRequest() async throws {
        try await withDaemon(
            { request in
                request.uri == "/slow" ? .delayed(.milliseconds(400), .ok("slow")) : .ok("fast")
            }, requestTimeout: .milliseconds(150)
        ) { _, client in
            await #expect(throws: BunnyClientError.timedOut(after: .milliseconds(150), requestSent: true)) {
                try await client.send(method: .GET, path: "/slow")
            }
            let text = try await client.send(method: .GET, path: "/fast", timeout: .seconds(10)).bodyText
            #expect(text == "fast")
        }
    }

    @Test func missingSocketIsADefiniteConnectionFailure() async throws {
        let path = FakeDaemon.temporarySocketPath()
        let client = BunnyClient(unixSocketPath: path)
        defer { Task { await client.shutdown() } }
        do throws(BunnyClientError) {
            _ = try await client.send(.status())
            Issue.record("expected a connection failure")
        } catch {
            #expect(error == .connectionFailed(socketPath: path, detail: "No such file or directory"))
            #expect(error.description == "cannot connect to \(path): No such file or directory")
            #expect(error.isDefinite)
            #expect(error.isRetryable)
        }
    }

    @Test func stoppedDaemonRefusesConnections() async throws {
        let daemon = try await FakeDaemon.start()
        await daemon.stop()
        let client = BunnyClient(unixSocketPath: daemon.socketPath)
        do throws(BunnyClientError) {
            _ = try await client.send(.status())
            Issue.record("expected a connection failure")
        } catch {
            guard case .connectionFailed = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
        }
        await client.shutdown()
    }

    @Test func shutDownClientRefusesRequests() async throws {
        try await withDaemon { _, client in
            _ = try await client.send(.status())
            await client.shutdown()
            await #expect(throws: BunnyClientError.clientShutDown) { try await client.send(.status()) }
        }
    }

    @Test func connectionCloseAnswerIsHonoured() async throws {
        try await withDaemon { daemon, client in
            _ = try await client.send(.status())
            // An answer with `Connection: close` ends the connection; the next request opens another.
            daemon.setResponder { _ in .respond(status: 200, headers: [("Connection", "close")], body: []) }
            _ = try await client.send(.status())
            daemon.setResponder { _ in .ok("again") }
            #expect(try await client.send(.status()).bodyText == "again")
            #expect(daemon.acceptedConnections == 2)
        }
    }

    @Test func connectionClosedByTheDaemonWhileIdleIsReplaced() async throws {
        try await withDaemon({ _ in .thenClose(.ok("first")) }) { daemon, client in
            #expect(try await client.send(.status()).bodyText == "first")
            try await Task.sleep(for: .milliseconds(100))
            daemon.setResponder { _ in .ok("second") }
            let text = try await client.send(.status()).bodyText
            #expect(text == "second")
            #expect(daemon.acceptedConnections == 2)
        }
    }

    @Test func requestsQueueForTheOnlyConnection() async throws {
        try await withDaemon({ _ in .delayed(.milliseconds(5), .ok()) }) { daemon, client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<10 {
                    group.addTask { _ = try await client.send(.status()) }
                }
                try await group.waitForAll()
            }
            #expect(daemon.requests.count == 10)
            #expect(daemon.acceptedConnections == 1)
        }
    }

    @Test func queuedRequestThatTimesOutWasNotSent() async throws {
        try await withDaemon({ _ in .silence }) { daemon, client in
            async let first = outcome { () async throws(BunnyClientError) -> ClientResponse in
                // Far longer than anything below: the first request must still hold the only
                // connection when the second one's 200 ms wait ends, however starved the
                // machine (a loaded suite once took 28 s over this test). It is ended by the
                // shutdown below, not by this timeout.
                try await client.send(method: .POST, path: "/first", timeout: .seconds(120))
            }
            // The first request must hold the only connection before the second is queued:
            // wait until the server has it (bounded), rather than guessing with a sleep.
            let deadline = ContinuousClock.now + .seconds(30)
            while daemon.requests.isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            let second = await outcome { () async throws(BunnyClientError) -> ClientResponse in
                try await client.send(method: .POST, path: "/second", timeout: .milliseconds(200))
            }
            #expect(throws: BunnyClientError.timedOut(after: .milliseconds(200), requestSent: false)) {
                try second.get()
            }
            #expect(second.isDefiniteFailure)
            #expect(daemon.requests.map(\.uri) == ["/first"])
            await client.shutdown()
            let firstResult = await first
            guard case .failure(let error) = firstResult else {
                Issue.record("the first request succeeded against a silent server")
                return
            }
            #expect(!error.isDefinite, "the first request was sent: its failure is indefinite, got \(error)")
        }
    }

    @Test func pathSegmentsArePercentEncoded() {
        #expect(ClientRequest.encodePathSegment("0:abc-_.~XYZ09") == "0:abc-_.~XYZ09")
        #expect(ClientRequest.encodePathSegment("a/b c?d#e%f") == "a%2Fb%20c%3Fd%23e%25f")
        #expect(ClientRequest.encodePathSegment("rate-limit:customer1.v2") == "rate-limit:customer1.v2")
        #expect(ClientRequest.encodePathSegment("é") == "%C3%A9")
        #expect(ClientRequest.encodePathSegment("") == "")
    }

    @Test func typedCallsSendTheRightRequests() async throws {
        try await withDaemon({ request in
            switch request.uri {
            case let uri where uri.hasPrefix("/api/v1/create"):
                return .ok("0:storeid", headers: [("Content-Type", "text/plain")])
            case let uri where uri.hasPrefix("/api/v1/begin-modify/"):
                return .ok("contents", headers: [("Bigbunny-Lock-Id", "LOCK22"), ("Bigbunny-Not-Valid-After", "99")])
            case let uri where uri.hasPrefix("/api/v1/snapshot/"):
                return .ok(
                    "{\"value\":7,\"version\":3,\"min\":0,\"max\":10}\n", headers: [("BigBunny-Not-Valid-After", "12")])
            case let uri where uri.hasPrefix("/api/v1/increment/") || uri.hasPrefix("/api/v1/decrement/"):
                return .ok(
                    "{\"value\":10,\"version\":4,\"bounded\":true,\"min\":0,\"max\":10}\n",
                    headers: [("Bigbunny-Warning", "DegradedWrite")])
            case let uri where uri.hasPrefix("/api/v1/lookup-id-by-name/"):
                return .ok("0:found")
            case "/status":
                return .ok(
                    "{\"host_id\":\"n1\",\"last_leader_seen\":\"1.5s\",\"leader_epoch\":3,\"memory_usage\":300,\"peers\":{\"n2\":\"150ms\"},\"queue_length\":1,\"registry_count\":2,\"registry_states\":{\"active\":2},\"role\":\"PRIMARY\",\"store_count\":1,\"tombstone_count\":0}\n"
                )
            default:
                return .ok()
            }
        }) { daemon, client in
            let created = try await client.create(customer: "c1", body: Array("hello".utf8), timeToLiveSeconds: 60)
            #expect(created == CreatedStore(storeID: "0:storeid"))
            var request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/create")
            #expect(request.header("X-Customer-ID") == "c1")
            #expect(request.header("BigBunny-Not-Valid-After") == "60")
            #expect(request.bodyText == "hello")

            _ = try await client.createByName("a b:c", customer: "c1", body: Array("x".utf8), reuseIfExists: true)
            request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/create-by-name/a%20b:c")
            #expect(request.header("BigBunny-Reuse-If-Exists") == "true")
            #expect(request.header("BigBunny-Not-Valid-After") == nil)

            _ = try await client.createCounter(customer: "c1", value: 5, minimum: 0, maximum: 10, name: "n")
            request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/create-by-name/n")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.bodyText == "{\"type\":\"counter\",\"value\":5,\"min\":0,\"max\":10}")

            let lock = try await client.beginModify(storeID: "0:id", customer: "c1")
            #expect(lock == ModifyLock(lockID: "LOCK22", body: Array("contents".utf8), remainingSeconds: 99))
            #expect(daemon.lastRequest?.uri == "/api/v1/begin-modify/0:id")

            try await client.completeModify(
                storeID: "0:id", lockID: "LOCK22", customer: "c1", body: Array("new".utf8), timeToLiveSeconds: 5,
                headers: ["X-BB-No-Forward": "true"])
            request = try #require(daemon.lastRequest)
            #expect(request.uri == "/api/v1/complete-modify/0:id")
            #expect(request.header("BigBunny-Lock-ID") == "LOCK22")
            #expect(request.header("X-BB-No-Forward") == "true")
            #expect(request.bodyText == "new")

            let counter = try await client.counter(storeID: "0:id", customer: "c1")
            #expect(counter == CounterReading(value: 7, version: 3, bounded: false, minimum: 0, maximum: 10))

            let incremented = try await client.increment(storeID: "0:id", customer: "c1", delta: 20)
            #expect(incremented.bounded)
            #expect(incremented.warning == "DegradedWrite")
            #expect(daemon.lastRequest?.bodyText == "{\"delta\":20}")
            _ = try await client.decrement(storeID: "0:id", customer: "c1", delta: -3, timeToLiveSeconds: 9)
            #expect(daemon.lastRequest?.uri == "/api/v1/decrement/0:id")
            #expect(daemon.lastRequest?.bodyText == "{\"delta\":-3}")
            #expect(daemon.lastRequest?.header("BigBunny-Not-Valid-After") == "9")

            try await client.setCounter(storeID: "0:id", customer: "c1", value: 4)
            #expect(daemon.lastRequest?.uri == "/api/v1/update/0:id")
            #expect(daemon.lastRequest?.bodyText == "{\"value\":4}")

            try await client.update(storeID: "0:id", customer: "c1", body: Array("blob".utf8))
            #expect(daemon.lastRequest?.bodyText == "blob")

            let snapshot = try await client.snapshot(storeID: "0:id", customer: "c1")
            #expect(snapshot.remainingSeconds == 12)

            #expect(try await client.lookup(name: "n.1", customer: "c1") == "0:found")
            #expect(daemon.lastRequest?.uri == "/api/v1/lookup-id-by-name/n.1")
            try await client.delete(storeID: "0:id", customer: "c1")
            #expect(daemon.lastRequest?.uri == "/api/v1/delete/0:id")
            try await client.deleteByName("n", customer: "c1")
            #expect(daemon.lastRequest?.uri == "/api/v1/delete-by-name/n")
            try await client.cancelModify(storeID: "0:id", lockID: "L", customer: "c1")
            #expect(daemon.lastRequest?.uri == "/api/v1/cancel-modify/0:id")
            try await client.promote()
            #expect(daemon.lastRequest?.uri == "/internal/promote")
            #expect(daemon.lastRequest?.header("X-Customer-ID") == nil)
            try await client.releaseLock(storeID: "0:id")
            #expect(daemon.lastRequest?.uri == "/internal/release-lock/0:id")

            let status = try await client.status()
            #expect(status.hostID == "n1")
            #expect(status.role == "PRIMARY")
            #expect(status.leaderEpoch == 3)
            #expect(status.lastLeaderSeen == "1.5s")
            #expect(status.memoryUsage == 300)
            #expect(status.peers == ["n2": "150ms"])
            #expect(status.registryStates == ["active": 2])
            #expect(daemon.lastRequest?.method == .GET)
            #expect(daemon.lastRequest?.header("Content-Length") == nil)
            #expect(daemon.acceptedConnections == 1)
        }
    }

    @Test func beginModifyWithoutLockIDIsMalformed() async throws {
        try await withDaemon({ _ in .ok("x") }) { _, client in
            await #expect(
                throws: BunnyClientError.malformedResponse(detail: "begin-modify answer without BigBunny-Lock-ID")
            ) {
                try await client.beginModify(storeID: "s", customer: "c")
            }
        }
    }
}

extension Result where Failure == BunnyClientError {
    var isDefiniteFailure: Bool {
        if case .failure(let error) = self { return error.isDefinite }
        return false
    }
}
