#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking HTTP/1.1 client over a Unix socket with a receive timeout, for the lab's
/// own plumbing (status polling, the CLI talking to the control socket): one keep-alive
/// connection, reconnecting after any failure.
public final class UnixSocketHTTP: @unchecked Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// One GET on a fresh connection, closed afterwards.
    public static func get(socketPath: String, path: String, timeout: Duration = .seconds(2)) throws -> Response {
        let milliseconds = Int(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let client = UnixSocketHTTP(socketPath: socketPath, timeoutMilliseconds: max(1, milliseconds))
        defer { client.disconnect() }
        return try client.request("GET", path)
    }

    public enum Failure: Error, CustomStringConvertible {
        case connect(String)
        case io(String)
        case malformed

        public var description: String {
            switch self {
            case .connect(let detail): return "cannot connect: \(detail)"
            case .io(let detail): return detail
            case .malformed: return "malformed HTTP answer"
            }
        }
    }

    public let socketPath: String
    public let timeoutMilliseconds: Int
    private var descriptor: Int32 = -1
    private var buffer: [UInt8] = []

    public init(socketPath: String, timeoutMilliseconds: Int = 1000) {
        self.socketPath = socketPath
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    deinit { disconnect() }

    public func disconnect() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        buffer.removeAll()
    }

    /// Sends one request on the keep-alive connection and reads the answer. `headers` are
    /// added after `Host`, `Content-Type` and `Content-Length` (e.g. `X-Customer-ID` for the
    /// daemon's public API).
    public func request(
        _ method: String, _ path: String, body: [UInt8] = [], headers: [(name: String, value: String)] = []
    ) throws(Failure) -> Response {
        if descriptor < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: lab\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(body.count)\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + body
        do {
            try send(bytes)
            return try readResponse()
        } catch {
            disconnect()
            throw error
        }
    }

    private func connect() throws(Failure) {
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw .connect("socket() failed") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(socketDescriptor)
            throw .connect("socket path too long: \(socketPath)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(socketDescriptor)
            throw .connect("\(socketPath): \(reason)")
        }
        var timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        descriptor = socketDescriptor
    }

    private func send(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw .io("write failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    private func readResponse() throws(Failure) -> Response {
        while true {
            if let end = headerEnd() {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let lines = head.split(separator: "\r\n")
                guard let statusLine = lines.first, statusLine.split(separator: " ").count >= 2,
                    let status = Int(statusLine.split(separator: " ")[1])
                else { throw .malformed }
                var length = 0
                var closes = false
                for line in lines.dropFirst() {
                    let lowered = line.lowercased()
                    if lowered.hasPrefix("content-length:") { length = Int(lowered.dropFirst(15).trimmingSpaces) ?? 0 }
                    if lowered.hasPrefix("connection:"), lowered.contains("close") { closes = true }
                }
                while buffer.count < end + 4 + length { try fill() }
                let body = Array(buffer[(end + 4)..<(end + 4 + length)])
                buffer.removeFirst(end + 4 + length)
                if closes { disconnect() }
                if status == 100 { continue }
                return Response(status: status, body: body)
            }
            try fill()
        }
    }

    private func fill() throws(Failure) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count == 0 { throw .io("connection closed") }
        if count < 0 {
            throw .io(
                errno == EAGAIN || errno == EWOULDBLOCK ? "no answer within \(timeoutMilliseconds) ms" : "read failed")
        }
        buffer.append(contentsOf: chunk[..<count])
    }

    private func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
