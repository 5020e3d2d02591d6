import BunnyClient
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// A daemon that stops taking connections (killed, or its socket gone) while one of the client's
/// connections is still busy: a request that needs another connection then meets a connect that
/// fails at once, inside the pool's own call. It must still end (here by its timeout, not sent),
/// and the client's event loop must go on serving everything else.
@Suite("Client against a daemon that refuses connections", .timeLimit(.minutes(1)))
struct ClientRefusedConnectionTests {
    @Test func requestWaitingForAConnectionEndsWhenConnectsFailAtOnce() async throws {
        // A loop of its own: a client stuck on it must not take a shared loop with it.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // The client is gone (its connections closed) before its loop shuts down.
        try await sendWhileTheOnlyOtherConnectionIsBusy(group: group)
        try await group.shutdownGracefully()
    }

    private func sendWhileTheOnlyOtherConnectionIsBusy(group: MultiThreadedEventLoopGroup) async throws {
        let daemon = try await FakeDaemon.start { _ in .silence }
        let client = BunnyClient(
            configuration: BunnyClientConfiguration(
                unixSocketPath: daemon.socketPath, maximumConnections: 2, requestTimeout: .seconds(30)),
            eventLoopGroup: group)
        // The first request holds a connection, unanswered (the shutdown below ends it).
        let first = Task { try? await client.send(method: .POST, path: "/first") }
        let deadline = ContinuousClock.now + .seconds(30)
        while daemon.requests.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(daemon.requests.count == 1)
        // The listener closes and the socket file goes: a connect now fails in the connect()
        // call itself (No such file or directory). The busy connection stays open.
        await daemon.stop()

        let second = NIOLockedValueBox<Result<ClientResponse, BunnyClientError>?>(nil)
        let secondTask = Task {
            let result: Result<ClientResponse, BunnyClientError>
            do throws(BunnyClientError) {
                result = .success(try await client.send(method: .POST, path: "/second", timeout: .milliseconds(300)))
            } catch {
                result = .failure(error)
            }
            second.withLockedValue { $0 = result }
        }
        // Bounded, not fast: a starved machine is slow to deliver a 300 ms timeout.
        let ended = ContinuousClock.now + .seconds(20)
        while second.withLockedValue({ $0 == nil }), ContinuousClock.now < ended {
            try await Task.sleep(for: .milliseconds(20))
        }
        let outcome = second.withLockedValue { $0 }
        #expect(outcome != nil, "the request waiting for a connection never ended: the client's event loop is stuck")
        var revived: FakeDaemon?
        if outcome == nil {
            // Let the stuck loop's next connect succeed, so that this test can end at all.
            revived = try await FakeDaemon.start(socketPath: daemon.socketPath) { _ in .ok() }
            await secondTask.value
        }
        if case .failure(let error)? = outcome {
            #expect(error == .timedOut(after: .milliseconds(300), requestSent: false))
        } else if let outcome {
            Issue.record("expected a timeout before sending, got \(outcome)")
        }
        await client.shutdown()
        _ = await first.value
        await revived?.stop()
    }
}
