import Foundation
import TestSupport
import Testing

/// `POST /api/v1/watch/{id}` against the real daemon: many parked watchers answered by one
/// update, the timeout answer, and errors.
@Suite("Watches, real daemon", .ownThreads)
struct WatchEndToEndTests {
    static let acme = [("X-Customer-ID", "acme")]

    @Test func oneUpdateAnswersEveryWatcher() throws {
        let daemon = try DaemonProcess()
        let created = try daemon.connect().request("POST", "/api/v1/create", headers: Self.acme, body: "bid 1")
        try #require(created.status == 200, "\(created)")
        let id = created.bodyText
        let first = try daemon.connect().request("POST", "/api/v1/watch/\(id)", headers: Self.acme)
        #expect(first.status == 200 && first.bodyText == "bid 1" && first.header("BigBunny-Version") == "1")

        let watchers = 40
        let answers = LockedCounter()
        let wrong = LockedCounter()
        let parked = DispatchGroup()
        let socketPath = daemon.socketPath
        for _ in 0..<watchers {
            parked.enter()
            Thread {
                defer { parked.leave() }
                let answer = try? RawHTTPConnection(socketPath: socketPath, receiveTimeout: .seconds(10)).request(
                    "POST", "/api/v1/watch/\(id)",
                    headers: Self.acme + [("BigBunny-Known-Version", "1"), ("BigBunny-Watch-Timeout", "8")])
                if answer?.status == 200, answer?.bodyText == "bid 2", answer?.header("BigBunny-Version") == "2" {
                    answers.add()
                } else {
                    wrong.add()
                }
            }.start()
        }
        // Every watcher is parked before the update (polled through the daemon's own metric).
        let deadline = ContinuousClock.now + .seconds(5)
        while Self.parkedWatches(daemon) < watchers, ContinuousClock.now < deadline { usleep(10_000) }
        #expect(Self.parkedWatches(daemon) == watchers)
        #expect(
            try daemon.connect().request("POST", "/api/v1/update/\(id)", headers: Self.acme, body: "bid 2").status
                == 200)
        #expect(parked.wait(timeout: .now() + 10) == .success)
        #expect(answers.value == watchers && wrong.value == 0)
    }

    @Test func aWatchThatSeesNoChangeEndsWith204AndTheVersion() throws {
        let daemon = try DaemonProcess()
        let connection = try daemon.connect()
        let id = try connection.request("POST", "/api/v1/create", headers: Self.acme, body: "quiet").bodyText
        let started = ContinuousClock.now
        let answer = try connection.request(
            "POST", "/api/v1/watch/\(id)",
            headers: Self.acme + [("BigBunny-Known-Version", "1"), ("BigBunny-Watch-Timeout", "1")])
        #expect(answer.status == 204 && answer.header("BigBunny-Version") == "1", "\(answer)")
        #expect(ContinuousClock.now - started >= .milliseconds(900))
        // The connection stays usable.
        let bad = try connection.request(
            "POST", "/api/v1/watch/\(id)", headers: Self.acme + [("BigBunny-Known-Version", "soon")])
        #expect(bad.status == 400 && bad.header("BigBunny-Error-Code") == "InvalidWatch", "\(bad)")
    }

    /// The number of parked watches: created watches minus answered ones is not exported, so
    /// this reads `bbd_watches` (a gauge refreshed when scraped).
    static func parkedWatches(_ daemon: DaemonProcess) -> Int {
        guard let metrics = try? daemon.connect().request("GET", "/metrics").bodyText,
            let line = metrics.split(separator: "\n").first(where: { $0.hasPrefix("bbd_watches ") }),
            let value = Double(line.split(separator: " ").last ?? "")
        else { return -1 }
        return Int(value)
    }
}
