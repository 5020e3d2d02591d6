import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Malformed, oversized, half-sent and slow requests: each gets a precise answer or is cut off,
/// changes nothing, and never stops the daemon from serving others.
@Suite("Bad input against the real daemon", .serialized)
struct HostileClientTests {
    @Test func garbageIsABadRequestAndOthersKeepBeingServed() throws {
        let daemon = try DaemonProcess()
        let healthy = try daemon.connect()
        let id = String(
            decoding: try healthy.request("POST", "/api/v1/create", headers: [("X-Customer-ID", "acme")], body: "keep")
                .body,
            as: UTF8.self)
        let garbage = try daemon.connect()
        try garbage.send("\u{01}\u{02} NOT HTTP\r\n\r\n")
        let answer = try garbage.readResponse()
        #expect(answer.status == 400)
        #expect(garbage.isClosedByPeer())
        #expect(
            try healthy.request("POST", "/api/v1/snapshot/\(id)", headers: [("X-Customer-ID", "acme")]).bodyText
                == "keep")
    }

    @Test func oversizedHeadersAre431() throws {
        let daemon = try DaemonProcess(arguments: ["--dev", "--rate-limit=0", "--http-max-header-bytes=4096"])
        let connection = try daemon.connect()
        let response = try connection.request(
            "GET", "/status", headers: [("X-Big", String(repeating: "x", count: 8192))])
        #expect(response.status == 431)
        #expect(try daemon.connect().request("GET", "/status").status == 200)
    }

    @Test func halfSentRequestAndDisconnectChangeNothing() throws {
        let daemon = try DaemonProcess()
        do {
            let quitter = try daemon.connect()
            try quitter.send(
                "POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nContent-Length: 100\r\n\r\nonly-part")
        }
        let status = try daemon.connect().request("GET", "/status")
        #expect(status.bodyText.contains(#""store_count":0"#))
    }

    @Test func slowHeadersAreCutOffWhileOthersAreServed() throws {
        let daemon = try DaemonProcess(arguments: ["--dev", "--rate-limit=0", "--http-read-header-timeout=1s"])
        let slow = try daemon.connect(receiveTimeout: .seconds(5))
        try slow.send("POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\n")
        let started = Date()
        let other = try daemon.connect()
        #expect(try other.request("GET", "/status").status == 200)
        #expect(slow.isClosedByPeer())
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.9 && elapsed < 4.5, "cut off after \(elapsed) s")
    }

    @Test func idleConnectionsAreClosedAfterTheIdleTimeout() throws {
        let daemon = try DaemonProcess(arguments: ["--dev", "--rate-limit=0", "--http-idle-timeout=1s"])
        let connection = try daemon.connect(receiveTimeout: .seconds(5))
        #expect(try connection.request("GET", "/status").status == 200)
        #expect(connection.isClosedByPeer())
    }

    @Test func expectContinueIsHonoured() throws {
        let daemon = try DaemonProcess()
        let connection = try daemon.connect()
        try connection.send(
            "POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        try connection.send("hi")
        #expect(try connection.readResponse().status == 200)
    }

    @Test func oversizedBodyIsRefusedWithoutReadingItAll() throws {
        let daemon = try DaemonProcess()
        let connection = try daemon.connect()
        try connection.send(
            "POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nContent-Length: 100000000\r\n\r\n"
                + String(repeating: "a", count: 4096))
        let response = try connection.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(try daemon.connect().request("GET", "/status").bodyText.contains(#""store_count":0"#))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let daemon = try DaemonProcess()
        let connection = try daemon.connect()
        try connection.send(
            "GET /status HTTP/1.1\r\nHost: x\r\n\r\nPOST /nope HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /status HTTP/1.1\r\n\r\n"
        )
        #expect(try connection.readResponse().status == 200)
        #expect(try connection.readResponse().status == 404)
        #expect(try connection.readResponse().status == 200)
    }
}
