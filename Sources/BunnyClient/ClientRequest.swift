import NIOCore
import NIOHTTP1

/// One request of the public or operator API, ready to send. Build it with the endpoint
/// constructors (`ClientRequest.create(...)` and friends) or by hand; a request built once can be
/// sent many times.
public struct ClientRequest: Sendable {
    public var method: HTTPMethod
    /// The request target, already percent-encoded (see `encodePathSegment(_:)`).
    public var path: String
    /// Headers besides `Host` and `Content-Length`, which the client sets.
    public var headers: HTTPHeaders
    public var body: ByteBuffer?
    /// Overrides the client's `requestTimeout` for this request.
    public var timeout: Duration?

    public init(
        method: HTTPMethod, path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil, timeout: Duration? = nil
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The head written on the wire: the caller's headers plus `Host: localhost` (ignored by the
    /// daemon) and an explicit `Content-Length` on every request that may carry a body, so the
    /// body is never chunked.
    func makeHead() -> HTTPRequestHead {
        var headers = self.headers
        headers.replaceOrAdd(name: "Host", value: "localhost")
        let length = body?.readableBytes ?? 0
        if length > 0 || method != .GET {
            headers.replaceOrAdd(name: "Content-Length", value: String(length))
        }
        return HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)
    }

    /// Percent-encodes one path segment: letters, digits and `-._~:@` stay as they are, every
    /// other byte becomes `%XX`, so a name or store ID can never add a path level or a query.
    public static func encodePathSegment(_ segment: String) -> String {
        var needsEncoding = false
        for byte in segment.utf8 where !isPlainPathByte(byte) {
            needsEncoding = true
            break
        }
        if !needsEncoding && !segment.isEmpty { return segment }
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(segment.utf8.count * 3)
        for byte in segment.utf8 {
            if isPlainPathByte(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isPlainPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"),
            UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }
}
