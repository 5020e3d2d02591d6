import Foundation
import TestSupport
import Testing

/// Requests that find a store locked wait for the lock (`--lock-wait`, `LockWaitQueue`)
/// instead of answering `409 StoreLocked` at once.
@Suite("Waiting for a store's lock, real daemon", .ownThreads)
struct LockWaitEndToEndTests {
    static let acme = [("X-Customer-ID", "acme")]

    /// Modify cycles from many connections on one store, each adding one to the number in
    /// the body: every cycle gets the lock (waiting for it when another holds it), none is
    /// refused, and no increment is lost.
    @Test func modifyCyclesFromManyConnectionsOnOneStoreAllGetTheLock() throws {
        let daemon = try DaemonProcess()
        let id = try daemon.connect().request("POST", "/api/v1/create", headers: Self.acme, body: "0").bodyText
        let refusals = LockedCounter()
        let socketPath = daemon.socketPath
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            guard let connection = try? RawHTTPConnection(socketPath: socketPath) else { return refusals.add() }
            for _ in 1...30 {
                guard let begin = try? connection.request("POST", "/api/v1/begin-modify/\(id)", headers: Self.acme),
                    begin.status == 200, let lock = begin.header("BigBunny-Lock-ID"), let value = Int(begin.bodyText)
                else { return refusals.add() }
                let complete = try? connection.request(
                    "POST", "/api/v1/complete-modify/\(id)", headers: Self.acme + [("BigBunny-Lock-ID", lock)],
                    body: String(value + 1))
                if complete?.status != 200 { refusals.add() }
            }
        }
        #expect(refusals.value == 0)
        let final = try daemon.connect().request("POST", "/api/v1/snapshot/\(id)", headers: Self.acme)
        #expect(final.bodyText == "240", "increments lost or doubled")
        let metrics = try daemon.connect().request("GET", "/metrics").bodyText
        #expect(metrics.contains(#"bbd_lock_waits_total{result="served"}"#), "no request waited:\n\(metrics)")
    }

    /// A waiter is served the moment the holder completes; one whose wait runs out gets the
    /// `409 StoreLocked` with `Retry-After: 1` it would have got at once.
    @Test func aWaiterIsServedAtTheReleaseOrRefusedWhenItsWaitEnds() throws {
        let daemon = try DaemonProcess(arguments: ["--dev", "--rate-limit=0", "--lock-wait=2s"])
        let holder = try daemon.connect()
        let created = try holder.request("POST", "/api/v1/create", headers: Self.acme, body: "held")
        try #require(created.status == 200, "\(created)")
        let id = created.bodyText
        let begun = try holder.request("POST", "/api/v1/begin-modify/\(id)", headers: Self.acme)
        let lock = try #require(begun.header("BigBunny-Lock-ID"), "\(begun)")

        let socketPath = daemon.socketPath
        let answered = DispatchSemaphore(value: 0)
        let waited = LockedBox<Int>()
        let thread = Thread {
            let answer = try? RawHTTPConnection(socketPath: socketPath).request(
                "POST", "/api/v1/update/\(id)", headers: Self.acme, body: "after the holder")
            waited.set(answer?.status ?? -1)
            answered.signal()
        }
        thread.start()
        // The update is parked until the holder completes (the daemon answers nothing before).
        #expect(answered.wait(timeout: .now() + 0.3) == .timedOut)
        let complete = try holder.request(
            "POST", "/api/v1/complete-modify/\(id)", headers: Self.acme + [("BigBunny-Lock-ID", lock)], body: "done")
        #expect(complete.status == 200)
        #expect(answered.wait(timeout: .now() + 5) == .success)
        #expect(waited.value == 200)
        let snapshot = try RawHTTPConnection(socketPath: socketPath).request(
            "POST", "/api/v1/snapshot/\(id)", headers: Self.acme)
        #expect(snapshot.bodyText == "after the holder")
        let metrics = try daemon.connect().request("GET", "/metrics").bodyText
        #expect(metrics.contains(#"bbd_lock_waits_total{result="served"} 1"#), "the update did not wait:\n\(metrics)")

        let shortWait = try DaemonProcess(arguments: ["--dev", "--rate-limit=0", "--lock-wait=50ms"])
        let first = try shortWait.connect()
        let other = try first.request("POST", "/api/v1/create", headers: Self.acme, body: "x").bodyText
        #expect(try first.request("POST", "/api/v1/begin-modify/\(other)", headers: Self.acme).status == 200)
        let refused = try shortWait.connect().request("POST", "/api/v1/begin-modify/\(other)", headers: Self.acme)
        #expect(refused.status == 409 && refused.header("BigBunny-Error-Code") == "StoreLocked", "\(refused)")
        #expect(refused.header("Retry-After") == "1")
    }
}
