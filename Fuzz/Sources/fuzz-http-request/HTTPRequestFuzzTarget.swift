#if canImport(Glibc)
    import Glibc
#endif
import BunnyCore
import BunnyCrypto
import BunnyServer
import FuzzSupport

/// The public request path: raw bytes from a client into the daemon's real pipeline (NIO's
/// HTTP/1.1 decoder, our request handler, routing, header rules, body limits, chunked
/// framing) in front of a real single-node replica, in memory (`InMemoryConnection`).
///
/// Each input is one client's byte stream on a fresh node, delivered in two reads split at a
/// point the input chooses (its first byte), so requests cut anywhere are covered too. The
/// replica's randomness is seeded: the first store created gets the same ID every run, so
/// seeds can create a store and then use it in later pipelined requests.
///
/// Invariants: nothing traps; no error escapes the pipeline; everything written back is a
/// sequence of well-formed responses (`HTTPResponseStream`); a response that says
/// `Connection: close` is the last one and the connection is then closed.
///
/// `BIGBUNNY_FUZZ_VERBOSE=1` prints what the server wrote (to build seeds and read crashes).
enum HTTPRequestFuzzTarget {
    static let cipher = try! StoreIDCipher(keyRing: .development, site: "local")
    static let configuration: DaemonConfiguration = {
        var configuration = DaemonConfiguration()
        configuration.httpMaximumHeaderBytes = 4096
        return configuration
    }()
    static let verbose = getenv("BIGBUNNY_FUZZ_VERBOSE") != nil

    static func run(_ bytes: [UInt8]) {
        let connection: InMemoryConnection
        do {
            connection = try InMemoryConnection(
                configuration: configuration, cipher: cipher, random: SplitMixRandom(seed: 1))
        } catch {
            fatalError("cannot set up the in-memory connection: \(error)")
        }
        let split = bytes.isEmpty ? 0 : Int(bytes[0]) * bytes.count / 256
        for part in [bytes[..<split], bytes[split...]] where !part.isEmpty {
            let error = connection.receive(part)
            FuzzInvariant.require(error == nil, "an error escaped the pipeline: \(String(describing: error))")
        }
        let output = connection.takeOutput()
        let stillOpen = connection.isOpen
        connection.hangUp()
        if verbose { print(String(decoding: output, as: UTF8.self)) }

        guard let responses = HTTPResponseStream.parse(output) else {
            FuzzInvariant.require(
                false, "malformed output: \(String(decoding: output, as: UTF8.self).debugDescription)")
            return
        }
        for (index, response) in responses.enumerated() where response.header("connection") == "close" {
            FuzzInvariant.require(index == responses.count - 1, "a response follows Connection: close")
            FuzzInvariant.require(!stillOpen, "Connection: close but the connection stays open")
        }
    }
}
