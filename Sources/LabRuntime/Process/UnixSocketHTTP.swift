import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking HTTP/1.1 GET over a Unix socket (one request per connection), for
/// readiness checks that must not depend on an event loop.
public enum UnixSocketHTTP {
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case pathTooLong(String)
        case connect(String)
        case io(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .pathTooLong(let path): "socket path longer than 107 bytes: \(path)"
            case .connect(let reason): "cannot connect: \(reason)"
            case .io(let reason): "I/O error: \(reason)"
            case .malformed(let reason): "malformed response: \(reason)"
            }
        }
    }

    static let maximumResponseBytes = 4 << 20

    /// Sends `GET path` and reads the whole response; every read and write is bounded by `timeout`.
    public static func get(socketPath: String, path: String, timeout: Duration = .seconds(2)) throws -> Response {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { throw Failure.pathTooLong(socketPath) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure.connect(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var interval = timeval(
            tv_sec: Int(timeout.components.seconds),
            tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { throw Failure.connect(String(cString: strerror(errno))) }

        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure.io(String(cString: strerror(errno))) }
            sent += count
        }

        var received: [UInt8] = []
        var headerEnd: Int?
        var contentLength: Int?
        var status = 0
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            if let end = headerEnd {
                if let length = contentLength, received.count - end >= length { break }
            }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw Failure.io(String(cString: strerror(errno))) }
            if count == 0 { break }  // closed: the body ends here
            received += chunk[0..<count]
            guard received.count <= maximumResponseBytes else { throw Failure.malformed("response too large") }
            if headerEnd == nil, let end = findHeaderEnd(received) {
                headerEnd = end
                (status, contentLength) = try parseHead(received[0..<end])
            }
        }
        guard let end = headerEnd else { throw Failure.malformed("connection closed before the end of the headers") }
        var body = Array(received[end...])
        if let length = contentLength {
            guard body.count >= length else { throw Failure.malformed("body shorter than Content-Length") }
            body = Array(body[0..<length])
        }
        return Response(status: status, body: body)
    }

    /// The index just after `\r\n\r\n`, if present.
    private static func findHeaderEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    private static func parseHead(_ head: ArraySlice<UInt8>) throws -> (status: Int, contentLength: Int?) {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw Failure.malformed("status line \(lines[0].debugDescription)")
        }
        var contentLength: Int?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                contentLength = Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
        return (status, contentLength)
    }
}
