import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Malformed, oversized, half-sent and slow requests: each gets a precise answer or is cut off,
/// changes nothing, and never stops the daemon from serving others.
@Suite("Bad input against the real daemon", .serialized, .ownThreads)
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

    /// A client that sends part of a body and then goes silent without closing (a half-open
    /// connection, as when the peer's host vanished) is cut off by the read timeout, and the
    /// half-sent write is never applied.
    @Test func halfOpenConnectionsAreCutOffAndApplyNothing() throws {
        let daemon = try DaemonProcess(arguments: ["--dev", "--rate-limit=0", "--http-read-timeout=1s"])
        var silent: [RawHTTPConnection] = []
        for _ in 0..<20 {
            let connection = try daemon.connect(receiveTimeout: .seconds(5))
            try connection.send(
                "POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nContent-Length: 100\r\n\r\nonly-part")
            silent.append(connection)
        }
        let started = ContinuousClock.now
        #expect(try daemon.connect().request("GET", "/status").status == 200)
        for connection in silent { #expect(connection.isClosedByPeer()) }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try daemon.connect().request("GET", "/status").bodyText.contains(#""store_count":0"#))
    }

    /// A client that half-closes (FIN after a complete request) still gets its answer, then the
    /// daemon closes; one that half-closes in the middle of a request applies nothing.
    @Test func halfClosedConnectionsGetTheirAnswerOrNothing() throws {
        let daemon = try DaemonProcess()
        let complete = try daemon.connect()
        try complete.send("POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nContent-Length: 4\r\n\r\nkept")
        complete.closeSendingSide()
        if let answer = try? complete.readResponse() { #expect(answer.status == 200) }
        #expect(complete.isClosedByPeer())

        let partial = try daemon.connect()
        try partial.send("POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nContent-Length: 40\r\n\r\nhalf")
        partial.closeSendingSide()
        #expect(partial.isClosedByPeer() || (try? partial.readResponse()).map { $0.status >= 400 } == true)
        let status = try daemon.connect().request("GET", "/status").bodyText
        #expect(status.contains(#""store_count":0"#) || status.contains(#""store_count":1"#))
        #expect(!status.contains(#""store_count":2"#))
    }

    /// A header block over the default 1 MiB limit gets 431 (or a clean close) without the
    /// daemon buffering it all, and a request with 20 000 small headers is handled.
    @Test func hugeHeadersAreRefusedAndMemoryStaysBounded() throws {
        let daemon = try DaemonProcess()
        let memoryBefore = try #require(daemon.residentKilobytes)
        for _ in 0..<5 {
            let connection = try daemon.connect()
            let head = "GET /status HTTP/1.1\r\nX-Big: " + String(repeating: "x", count: 4 * 1024 * 1024) + "\r\n\r\n"
            var offset = 0
            let bytes = Array(head.utf8)
            var closed = false
            for _ in 0..<10_000 where offset < bytes.count {
                guard
                    let written = connection.sendWithoutBlocking(
                        Array(bytes[offset..<min(bytes.count, offset + 65_536)]))
                else {
                    closed = true
                    break
                }
                offset += written
                if written == 0 {
                    if connection.isClosedNow() { break }
                    usleep(1_000)
                }
            }
            if let answer = try? connection.readResponse() {
                #expect(answer.status == 431)
            } else {
                #expect(closed || connection.isClosedByPeer())
            }
        }
        let many = try daemon.connect()
        var head = "GET /status HTTP/1.1\r\n"
        for index in 0..<20_000 { head += "X-H\(index): v\r\n" }
        try? many.send(head + "\r\n")
        let answer = try? many.readResponse()
        #expect(answer == nil || answer?.status == 200 || answer?.status == 431)
        #expect(try daemon.connect().request("GET", "/status").status == 200)
        #expect(try #require(daemon.residentKilobytes) < memoryBefore + 64 * 1024)
    }

    /// A chunked body without a length is cut off at the body limit: 413 while the client is
    /// still sending, long before 64 MiB went out.
    @Test func hugeChunkedBodyIsRefusedWithoutReadingItAll() throws {
        let daemon = try DaemonProcess()
        let memoryBefore = try #require(daemon.residentKilobytes)
        let connection = try daemon.connect()
        try connection.send(
            "POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = Array("10000\r\n".utf8) + Array(repeating: UInt8(ascii: "b"), count: 65_536) + Array("\r\n".utf8)
        let total = 64 * 1024 * 1024
        var sent = 0
        var pending: ArraySlice<UInt8> = []
        for _ in 0..<100_000 where sent < total {
            if pending.isEmpty { pending = chunk[...] }
            guard let written = connection.sendWithoutBlocking(Array(pending)) else { break }
            sent += written
            pending = pending.dropFirst(written)
            if written == 0 {
                if connection.isClosedNow() { break }
                usleep(1_000)
            }
        }
        #expect(sent < total / 4, "the daemon read \(sent) bytes of the body")
        let answer = try? connection.readResponse()
        if let answer { #expect(answer.status == 413) }
        print("chunked body: \(sent) of \(total) bytes went out before \(answer.map { "\($0.status)" } ?? "the close")")
        #expect(try daemon.connect().request("GET", "/status").bodyText.contains(#""store_count":0"#))
        #expect(try #require(daemon.residentKilobytes) < memoryBefore + 64 * 1024)
    }
}
