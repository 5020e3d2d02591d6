import BunnyCrypto
import BunnyServer
import TestSupport
import Testing

/// The in-memory request path that the HTTP fuzz target drives (`Fuzz/`,
/// docs/reliability.md): the listener's real pipeline on an embedded channel. These tests pin
/// down that it answers like the daemon, and hold the regression inputs the fuzzer found.
@Suite("In-memory connection", .ownThreads)
struct InMemoryConnectionTests {
    static let cipher = try! StoreIDCipher(keyRing: .development, site: "local")

    func connection() throws -> InMemoryConnection {
        try InMemoryConnection(
            configuration: DaemonConfiguration(), cipher: Self.cipher, random: SystemRandomNumberGenerator())
    }

    /// Sends `request` and returns the text written back.
    func exchange(_ connection: InMemoryConnection, _ request: String) -> String {
        let error = connection.receive(Array(request.utf8))
        #expect(error == nil)
        return String(decoding: connection.takeOutput(), as: UTF8.self)
    }

    @Test func createThenSnapshotOnOneConnection() throws {
        let connection = try connection()
        defer { connection.hangUp() }
        let created = exchange(
            connection, "POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nContent-Length: 5\r\n\r\nhello")
        #expect(created.hasPrefix("HTTP/1.1 200 "))
        let storeID = try #require(created.components(separatedBy: "\r\n\r\n").last)
        #expect(storeID.hasPrefix("v1:0:"))
        let snapshot = exchange(
            connection, "POST /api/v1/snapshot/\(storeID) HTTP/1.1\r\nX-Customer-ID: acme\r\nContent-Length: 0\r\n\r\n")
        #expect(snapshot.hasPrefix("HTTP/1.1 200 "))
        #expect(snapshot.hasSuffix("\r\n\r\nhello"))
        #expect(connection.isOpen)
    }

    @Test func chunkedBodyIsReassembled() throws {
        let connection = try connection()
        defer { connection.hangUp() }
        let created = exchange(
            connection,
            "POST /api/v1/create HTTP/1.1\r\nX-Customer-ID: acme\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n")
        let storeID = try #require(created.components(separatedBy: "\r\n\r\n").last)
        let snapshot = exchange(
            connection, "POST /api/v1/snapshot/\(storeID) HTTP/1.1\r\nX-Customer-ID: acme\r\nContent-Length: 0\r\n\r\n")
        #expect(snapshot.hasSuffix("\r\n\r\nhello"))
    }

    @Test func malformedRequestIsABadRequestAndCloses() throws {
        let connection = try connection()
        defer { connection.hangUp() }
        let answer = exchange(connection, "\u{01}\u{02} NOT HTTP\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 400 "))
        #expect(!connection.isOpen)
    }
}

/// Inputs that once stopped the daemon, found while fuzzing the request path (docs/reliability.md).
@Suite("Fuzzing regressions: request path", .ownThreads)
struct RequestPathRegressionTests {
    @Test(arguments: ["?=", "?=&=", "?&=", "?=x", "?customer_id=acme&=&name=cart"])
    func registryLookupWithAnEmptyQueryPairIsAnswered(query: String) throws {
        let connection = try InMemoryConnection(
            configuration: DaemonConfiguration(), cipher: InMemoryConnectionTests.cipher,
            random: SystemRandomNumberGenerator())
        defer { connection.hangUp() }
        #expect(connection.receive(Array("GET /internal/registry/lookup\(query) HTTP/1.1\r\n\r\n".utf8)) == nil)
        let answer = String(decoding: connection.takeOutput(), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 "), "\(answer)")
        #expect(connection.isOpen)
    }
}
