import BunnyCore
import BunnyWire
import NIOCore

/// Renders whole HTTP/1.1 responses into one buffer, so each answer is a single write with no
/// per-part objects on the way out (the decoder side stays NIO's).
enum HTTPResponseWriter {
    static func render(
        _ response: WireResponse, keepAlive: Bool, omitBody: Bool, allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        if response.status == 200, response.headers.isEmpty, response.body.isEmpty, keepAlive {
            // The answer to every applied replication message.
            var buffer = allocator.buffer(capacity: 40)
            buffer.writeStaticString("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            return buffer
        }
        var buffer = allocator.buffer(capacity: 128 + response.body.count + response.headers.count * 32)
        buffer.writeStaticString("HTTP/1.1 ")
        writeStatusLine(response.status, into: &buffer)
        for header in response.headers {
            buffer.writeString(header.name)
            buffer.writeStaticString(": ")
            buffer.writeString(header.value)
            buffer.writeStaticString("\r\n")
        }
        if response.status == 204 {
            // No body and no Content-Length (RFC 9110 §8.6): a watch that saw no change.
            buffer.writeStaticString(keepAlive ? "\r\n" : "Connection: close\r\n\r\n")
            return buffer
        }
        finish(bodyCount: response.body.count, keepAlive: keepAlive, into: &buffer)
        if !omitBody { buffer.writeBytes(response.body) }
        return buffer
    }

    /// The fast path for successful public answers: no intermediate header list.
    static func render(_ response: PublicResponse, keepAlive: Bool, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 192 + response.body.count)
        buffer.writeStaticString("HTTP/1.1 200 OK\r\n")
        switch response.contentType {
        case .none: break
        case .textPlain: buffer.writeStaticString("Content-Type: text/plain\r\n")
        case .octetStream: buffer.writeStaticString("Content-Type: application/octet-stream\r\n")
        case .json: buffer.writeStaticString("Content-Type: application/json\r\n")
        }
        if let lockID = response.lockID {
            buffer.writeStaticString("BigBunny-Lock-ID: ")
            buffer.writeString(lockID)
            buffer.writeStaticString("\r\n")
        }
        if let seconds = response.notValidAfterSeconds {
            buffer.writeStaticString("BigBunny-Not-Valid-After: ")
            writeDecimal(seconds, into: &buffer)
            buffer.writeStaticString("\r\n")
        }
        if response.degradedWrite { buffer.writeStaticString("BigBunny-Warning: DegradedWrite\r\n") }
        if let version = response.version {
            buffer.writeStaticString("BigBunny-Version: ")
            buffer.writeString(String(version))
            buffer.writeStaticString("\r\n")
        }
        finish(bodyCount: response.body.count, keepAlive: keepAlive, into: &buffer)
        buffer.writeBytes(response.body)
        return buffer
    }

    static func continueResponse(allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 32)
        buffer.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
        return buffer
    }

    private static func finish(bodyCount: Int, keepAlive: Bool, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("Content-Length: ")
        writeDecimal(Int64(bodyCount), into: &buffer)
        buffer.writeStaticString(keepAlive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n")
    }

    private static func writeDecimal(_ value: Int64, into buffer: inout ByteBuffer) {
        if value == 0 {
            buffer.writeInteger(UInt8(ascii: "0"))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8
            ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var magnitude = value.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while magnitude > 0 {
                raw[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[(20 - count)...]))
        }
    }

    private static func writeStatusLine(_ status: Int, into buffer: inout ByteBuffer) {
        writeDecimal(Int64(status), into: &buffer)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(reasonPhrases[status] ?? "Unknown")
        buffer.writeStaticString("\r\n")
    }

    static let reasonPhrases: [Int: String] = [
        100: "Continue", 200: "OK", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 413: "Payload Too Large",
        429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
        502: "Bad Gateway", 503: "Service Unavailable", 507: "Insufficient Storage",
    ]
}
