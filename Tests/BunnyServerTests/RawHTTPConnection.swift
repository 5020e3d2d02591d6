import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking HTTP/1.1 connection over a Unix socket (or TCP) that sends exactly the bytes it is
/// given: tests use it to send well-formed requests and also malformed, half-sent or slow
/// ones. Every read is bounded by a receive timeout.
final class RawHTTPConnection {
    struct Response: CustomStringConvertible {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }
        var errorCode: String? { header("BigBunny-Error-Code") }

        var description: String { "\(status) \(headers) \(bodyText)" }
    }

    enum Failure: Error { case connect(String), closed, timeout, malformed(String) }

    private let descriptor: Int32
    private var buffer: [UInt8] = []

    /// The descriptor is stored only once connected: a class whose initializer throws after
    /// its properties are set still runs `deinit`, and a `close` there of a descriptor the
    /// initializer already closed would close whatever another thread opened under the same
    /// number in between. `waitUntilReady` fails to connect many times while a daemon starts,
    /// so this once crossed connections between parallel tests and closed descriptors under NIO.
    init(socketPath: String, receiveTimeout: Duration = .seconds(5)) throws {
        let candidate = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard candidate >= 0 else { throw Failure.connect("socket() failed") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(candidate, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(candidate)
            throw Failure.connect(reason)
        }
        Self.setReceiveTimeout(candidate, receiveTimeout)
        descriptor = candidate
    }

    /// The same over TCP to an IPv4 `host` (dotted quad, e.g. `127.0.0.1`) and `port`.
    init(host: String, port: Int, receiveTimeout: Duration = .seconds(5)) throws {
        let candidate = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard candidate >= 0 else { throw Failure.connect("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(candidate)
            throw Failure.connect("not an IPv4 address: \(host)")
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(candidate, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(candidate)
            throw Failure.connect(reason)
        }
        Self.setReceiveTimeout(candidate, receiveTimeout)
        descriptor = candidate
    }

    private static func setReceiveTimeout(_ descriptor: Int32, _ receiveTimeout: Duration) {
        var timeout = timeval(
            tv_sec: Int(receiveTimeout.components.seconds),
            tv_usec: Int(receiveTimeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw Failure.closed }
            offset += written
        }
    }

    /// Sends a request with `Content-Length` and reads the response.
    func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        try send(Array(head.utf8) + body)
        return try readResponse()
    }

    func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: String) throws -> Response {
        try request(method, path, headers: headers, body: Array(body.utf8))
    }

    /// True if the server closed the connection (reads EOF) within the receive timeout.
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) == 0
    }

    /// True if the server has closed the connection (EOF or reset) by now; never blocks.
    func isClosedNow() -> Bool {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT | MSG_PEEK))
        if count == 0 { return true }
        if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
        return false
    }

    /// Closes the sending direction only (`shutdown(SHUT_WR)`): the server reads EOF while
    /// this side can still read its answer.
    func closeSendingSide() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Sends as much of `bytes` as the socket takes without blocking; returns how many bytes
    /// went out, or nil once the server has closed the connection (EPIPE, ECONNRESET).
    func sendWithoutBlocking(_ bytes: [UInt8]) -> Int? {
        let written = bytes.withUnsafeBytes {
            Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        if written >= 0 { return written }
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : nil
    }

    func readResponse() throws -> Response {
        while true {
            if let headerEnd = find([13, 10, 13, 10]) {
                let headText = String(decoding: buffer[..<headerEnd], as: UTF8.self)
                var lines = headText.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure.malformed(headText) }
                let headers = lines.compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (
                        String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    )
                }
                if status == 100 {
                    buffer.removeFirst(headerEnd + 4)
                    continue
                }
                let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
                while buffer.count < headerEnd + 4 + length { try fill() }
                let body = Array(buffer[(headerEnd + 4)..<(headerEnd + 4 + length)])
                buffer.removeFirst(headerEnd + 4 + length)
                return Response(status: status, headers: headers, body: body)
            }
            try fill()
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count == 0 { throw Failure.closed }
        if count < 0 { throw errno == EAGAIN || errno == EWOULDBLOCK ? Failure.timeout : Failure.closed }
        buffer.append(contentsOf: chunk[..<count])
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for index in 0...(buffer.count - pattern.count)
        where buffer[index..<(index + pattern.count)].elementsEqual(pattern) {
            return index
        }
        return nil
    }
}
