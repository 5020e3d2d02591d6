import Foundation
import TestSupport
import Testing

@testable import BunnyServer

#if canImport(Glibc)
    import Glibc
#endif

/// The internal TCP port and the secrets: garbage on the peer port leaves the pair working;
/// the token is compared in constant time and nothing without it is applied; the Unix socket
/// is private to its owner; no secret reaches the log.
@Suite("The internal port and secrets against hostile input", .serialized, .ownThreads)
struct HostileInternalPortTests {
    /// Bytes no peer sends: random binary, a TLS ClientHello, an endless request line, NULs,
    /// a header block that never ends, an absurd length on a peer route, an HTTP/2 preface.
    static let garbage: [[UInt8]] = {
        var random = SystemRandomNumberGenerator()
        let noise = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &random) }
        let clientHello: [UInt8] =
            [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03]
            + Array(
                repeating: 0x42, count: 160)
        return [
            noise, clientHello, Array(("GET /" + String(repeating: "a", count: 2_000_000)).utf8),
            Array(repeating: 0, count: 4096),
            Array(
                ("POST /internal/replicate HTTP/1.1\r\nX-Internal-Token: tok\r\n"
                    + String(repeating: "X-A: b\r\n", count: 200_000)).utf8),
            Array(
                "POST /internal/replicate HTTP/1.1\r\nX-Internal-Token: tok\r\nContent-Length: 99999999999\r\n\r\nxx"
                    .utf8),
            Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + Array(repeating: 0, count: 64),
        ]
    }()

    @Test func garbageOnThePeerPortLeavesThePairWorking() throws {
        let pair = try DaemonPair()
        try pair.requireSettled()
        for node in [pair.node1, pair.node2] {
            for bytes in Self.garbage {
                let connection = try RawHTTPConnection(host: "127.0.0.1", port: node.port, receiveTimeout: .seconds(3))
                _ = connection.sendWithoutBlocking(bytes)
                // An error answer or a close; never a hang past the receive timeout.
                if let answer = try? connection.readResponse() { #expect((400..<600).contains(answer.status)) }
            }
        }
        // The pair still replicates, forwards and heartbeats.
        let id = try pair.node1.create("after the garbage")
        try pair.node2.requireSnapshot(id, equals: "after the garbage")
        let forwarded = try pair.node2.create("forwarded after the garbage")
        try pair.node1.requireSnapshot(forwarded, equals: "forwarded after the garbage")
        try pair.requireSettled()
        #expect(pair.node1.daemon.isRunning && pair.node2.daemon.isRunning)
    }

    /// Near misses of the token are refused like a wrong one, with nothing applied; operator
    /// routes do not exist on TCP with or without it.
    @Test func nearMissTokensAndOperatorRoutesAreRefusedOnTCP() throws {
        let pair = try DaemonPair()
        try pair.requireSettled()
        let token = DaemonPair.token
        for presented in [String(token.dropLast()), token + "x", token.uppercased(), token + token, " " + token + "x"] {
            let create = try pair.node1.tcpRequest(
                "POST", "/api/v1/create", headers: [("X-Internal-Token", presented), ("X-Customer-ID", "acme")],
                body: "sneaky")
            #expect(create.status == 401, "token \"\(presented)\": \(create)")
            let heartbeat = try pair.node2.tcpRequest(
                "POST", "/internal/heartbeat", headers: [("X-Internal-Token", presented)], body: "{}")
            #expect(heartbeat.status == 401, "token \"\(presented)\": \(heartbeat)")
        }
        for credentials in [[], [("X-Internal-Token", token)]] as [[(String, String)]] {
            let promote = try pair.node2.tcpRequest("POST", "/internal/promote", headers: credentials)
            #expect([401, 403, 404].contains(promote.status), "promote over TCP with \(credentials): \(promote)")
        }
        try pair.requireSettled(within: .zero)
        #expect(pair.node1.status()?.storeCount == 0 && pair.node2.status()?.storeCount == 0)
    }

    @Test func theUnixSocketIsPrivateToItsOwner() throws {
        let daemon = try DaemonProcess()
        var information = stat()
        #expect(stat(daemon.socketPath, &information) == 0)
        #expect(information.st_mode & S_IFMT == S_IFSOCK)
        #expect(information.st_mode & 0o777 == 0o600, "mode \(String(information.st_mode & 0o777, radix: 8))")
    }

    /// Production mode with every secret set: start-up, refused tokens, writes, a promote and
    /// the shutdown leave none of them — nor the wrong token a client presented — in the log.
    @Test func noSecretReachesTheLog() throws {
        let token = "internal-token-4f1c9a7e"
        let key = "6b0d3f2a" + String(repeating: "9e17c5ab", count: 7)
        let routing = "routing-secret-0d8e2b"
        let wrong = "presented-wrong-7a2c"
        let daemon = try DaemonProcess(
            arguments: [
                "--store-keys=1:\(key)", "--routing-secret=\(routing)", "--internal-token=\(token)", "--rate-limit=0",
            ])
        let connection = try daemon.connect()
        let created = try connection.request("POST", "/api/v1/create", headers: [("X-Customer-ID", "acme")], body: "x")
        #expect(created.status == 200)
        #expect(
            try connection.request("POST", "/api/v1/snapshot/not-an-id", headers: [("X-Customer-ID", "acme")]).status
                == 400)
        #expect(try connection.request("POST", "/internal/promote").status == 200)
        let port = try #require(daemon.tcpListenPort)
        for headers in [[("X-Internal-Token", wrong)], [("X-Internal-Token", token + "x")], []] as [[(String, String)]]
        {
            let tcp = try RawHTTPConnection(host: "127.0.0.1", port: port)
            #expect(try tcp.request("POST", "/internal/heartbeat", headers: headers, body: "{}").status == 401)
        }
        #expect(daemon.terminate() == 0)
        let log = daemon.log
        #expect(!log.isEmpty)
        for secret in [token, key, String(key.prefix(16)), routing, wrong] {
            #expect(!log.contains(secret), "the log holds \(secret)")
        }
    }

    /// The comparison looks at every byte of the longer input and folds the length difference
    /// in whole, so no prefix, extension or padding matches.
    @Test func theTokenComparisonIsExactAndConstantTime() {
        let token = Array("s3cret-token".utf8)
        #expect(ConstantTime.equals(token, token))
        #expect(!ConstantTime.equals(token, Array("s3cret-tokeN".utf8)))
        #expect(!ConstantTime.equals(token, Array(token.dropLast())))
        #expect(!ConstantTime.equals(token, token + [0]))
        #expect(!ConstantTime.equals([], token))
        #expect(ConstantTime.equals([], []))
        // A length difference that is a multiple of 256 must not vanish in a byte-wide fold.
        #expect(!ConstantTime.equals(token, token + Array(repeating: 0, count: 256)))
        #expect(!ConstantTime.equals(token + Array(repeating: 0, count: 512), token))
    }
}
